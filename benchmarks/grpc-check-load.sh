# Shared by benchmarks/ext-authz.sh, ratelimit-redis.sh and redis-stall.sh (source it; not run alone):
# h2load with gRPC-framed CheckRequests (check.bin, written by ExtAuthzBenchSetup) and parsers of
# its output.

# require_tools TOOL...: exits saying which Debian packages to install if one is missing.
require_tools() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install nghttp2-client redis-server" >&2; exit 1; }
  done
}

# build_jars ROOT: the celador and benchmark jars, unless both are there.
build_jars() {
  if [[ ! -f "$1/benchmarks/target/benchmarks.jar" || ! -f "$1/cli/target/celador.jar" ]]; then
    (cd "$1" && ./mvnw -B -q -pl cli,benchmarks -am package -DskipTests) >&2
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# h2load_check BODY PORT N CONNS STREAMS [LOGFILE]: N Check calls of BODY to 127.0.0.1:PORT.
h2load_check() {
  local extra=(); [[ -n "${6:-}" ]] && extra=(--log-file="$6")
  h2load -n "$3" -c "$4" -m "$5" -d "$1" \
    -H 'content-type: application/grpc' -H 'te: trailers' "${extra[@]}" \
    "http://127.0.0.1:$2/envoy.service.auth.v3.Authorization/Check"
}

# Filters of h2load's output: requests per second, mean request time in µs, no failures.
rps() { sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p'; }
mean_us() { sed -n 's/^time for request: *[0-9.]*[mu]s *[0-9.]*[mu]s *\([0-9.]*\)\([mu]\)s.*/\1 \2/p' \
  | awk '{print ($2=="m") ? $1*1000 : $1}'; }
ok() { grep -q " 0 failed, 0 errored" || { echo "h2load reported failures" >&2; exit 1; }; }
max() { echo "$1 $2" | awk '{print ($2 > $1) ? $2 : $1}'; }
min() { [[ -z "$1" ]] && { echo "$2"; return; }; echo "$1 $2" | awk '{print ($2 < $1) ? $2 : $1}'; }
