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
name="mongo test server"
. "$here/../background-server.sh"

start() {
  resolve_jars
  nohup java -Xms64m -Xmx1g -cp "$home/libs/*" "$here/MongoTestServer.java" 127.0.0.1 "$port" > "$home/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  wait_until_answers 60 "$home/stdout.log"
}

server_command "${1:-}"
