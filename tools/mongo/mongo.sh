#!/usr/bin/env bash
# A MongoDB-wire test server (mongo-java-server, in memory) on 127.0.0.1, from the jars on Maven Central.
#   tools/mongo/mongo.sh start    resolve the jars (cached in ~/.m2), start, wait until it answers
#   tools/mongo/mongo.sh stop     stop it (its data is in memory: gone)
#   tools/mongo/mongo.sh status   say whether it runs
# Settings: MONGO_PORT (27017), MONGO_HOME (tmp/mongo under the repository). Needs Java 17 and Maven.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${MONGO_PORT:-27017}"
home="${MONGO_HOME:-$root/tmp/mongo}"
pidfile="$home/mongo.pid"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  if running; then echo "mongo test server already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return; fi
  mkdir -p "$home"
  if [ ! -d "$home/libs" ] || [ -z "$(ls -A "$home/libs" 2>/dev/null)" ]; then
    echo "resolving mongo-java-server jars through Maven..."
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/libs" -DincludeScope=runtime
  fi
  nohup java -Xms64m -Xmx1g -cp "$home/libs/*" "$here/MongoTestServer.java" 127.0.0.1 "$port" > "$home/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 60); do
    if answers; then echo "mongo test server running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return; fi
    if ! running; then echo "mongo test server exited; see $home/stdout.log" >&2; tail -20 "$home/stdout.log" >&2; exit 1; fi
    sleep 1
  done
  echo "mongo test server did not answer on 127.0.0.1:$port within 60 s; see $home/stdout.log" >&2
  exit 1
}

stop() {
  if ! running; then echo "mongo test server not running"; rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 15); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "mongo test server stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "mongo test server running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else echo "mongo test server not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
