#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft) on 127.0.0.1, from the Apache Kafka jars on Maven Central.
#   tools/kafka/kafka.sh start    resolve the jars (cached in ~/.m2), format storage, start, wait until it answers
#   tools/kafka/kafka.sh stop     stop it
#   tools/kafka/kafka.sh status   say whether it runs
# Settings: KAFKA_PORT (9092), KAFKA_HOME (tmp/kafka under the repository). Needs Java 17 and Maven.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port=$((port + 1))
home="${KAFKA_HOME:-$root/tmp/kafka}"
pidfile="$home/kafka.pid"
name=kafka
. "$here/../background-server.sh"

start() {
  resolve_jars
  cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$home/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat > "$home/log4j.properties" <<'PROPS'
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
  local java_opts=(-Xms256m -Xmx768m -Dkafka.logs.dir="$home" -Dlog4j.configuration="file:$home/log4j.properties" -cp "$home/libs/*")
  if [ ! -f "$home/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
    java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$home/server.properties" >/dev/null
  fi
  nohup java "${java_opts[@]}" kafka.Kafka "$home/server.properties" > "$home/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  wait_until_answers 120 "$home/stdout.log"
}

server_command "${1:-}"
