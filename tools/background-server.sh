# Shared by tools/kafka/kafka.sh and tools/mongo/mongo.sh: a server run in the background from a
# pid file, answering on 127.0.0.1:$port, from jars Maven resolves into $home/libs. Source it after
# setting `name`, `here` (the script's folder, with its pom.xml), `home`, `port` and `pidfile`, and
# define `start`.

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# The jars of $here/pom.xml in $home/libs, resolved through Maven once (cached in ~/.m2).
resolve_jars() {
  mkdir -p "$home"
  if [ ! -d "$home/libs" ] || [ -z "$(ls -A "$home/libs" 2>/dev/null)" ]; then
    echo "resolving $name jars through Maven..."
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/libs" -DincludeScope=runtime
  fi
}

# wait_until_answers <seconds> <log file>: after the server was started and its pid written.
wait_until_answers() {
  local seconds="$1" log="$2"
  for _ in $(seq 1 "$seconds"); do
    if answers; then echo "$name running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return; fi
    if ! running; then echo "$name exited; see $log" >&2; tail -20 "$log" >&2; exit 1; fi
    sleep 1
  done
  echo "$name did not answer on 127.0.0.1:$port within $seconds s; see $log" >&2
  exit 1
}

stop_server() {
  if ! running; then echo "$name not running"; rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "$name stopped"
}

server_command() {
  case "${1:-}" in
    start) if running; then echo "$name already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else start; fi ;;
    stop) stop_server ;;
    status) if running; then echo "$name running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else echo "$name not running"; exit 1; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
}
