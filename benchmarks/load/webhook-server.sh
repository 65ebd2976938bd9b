# Shared by webhook-load.sh, webhook-cost.sh and webhook-slow-clients.sh (source it; not run alone): builds the webhook,
# makes a throwaway self-signed certificate and starts the server with policies/pod-security and
# its /noop baseline. Expects root, work and java to be set; sets pid and tls (the certificate's
# directory: kept apart from work, where the load generator writes its results, because the server
# watches the certificate's directory to reload it and would wake up on every write there).

# stop_webhook: stops the server start_webhook started, if any, and waits for it to exit. Scripts
# call this rather than "kill $pid": with pid unset that is "kill 0", which signals the whole
# process group, the caller included.
stop_webhook() {
  [[ -n "${pid:-}" ]] || return 0
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  pid=""
}

# start_webhook PORT: returns once /noop answers.
start_webhook() {
  # One reactor build, so nothing is installed into ~/.m2; the webhook's classpath is written last.
  (cd "$root" && ./mvnw -B -q -pl admission-webhook -am package dependency:build-classpath \
    -DskipTests -Dspotless.check.skip=true -Dmdep.outputFile="$work/cp.txt") >&2
  tls="$work/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj "/CN=celador.celador-system.svc" -addext "subjectAltName=DNS:localhost" \
    -keyout "$tls/tls.key" -out "$tls/tls.crt" 2>/dev/null
  # shellcheck disable=SC2086 # JVM_ARGS and SERVER_ARGS are lists of options
  "$java" -Xms256m -Xmx256m ${JVM_ARGS:-} -cp "$root/admission-webhook/target/classes:$(cat "$work/cp.txt")" \
    dev.celador.webhook.WebhookApplication \
    --celador.webhook.port="$1" --celador.webhook.management-port=0 \
    --celador.webhook.tls.certificate="file:$tls/tls.crt" \
    --celador.webhook.tls.private-key="file:$tls/tls.key" \
    --celador.webhook.policies="$root/policies/pod-security" \
    --celador.webhook.noop-endpoint=true ${SERVER_ARGS:-} \
    --logging.level.celador.decisions=warn >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do
    curl -sk -o /dev/null "https://localhost:$1/noop" -X POST -d '{}' && return 0
    sleep 1
  done
  echo "webhook did not start; log: $work/server.log" >&2
  return 1
}

# ensure_vegeta: sets vegeta to a vegeta binary (the same Go HTTP/1.1 client stack kube-apiserver
# uses), built from the Go module proxy into ~/.cache/celador-bench on first use (needs Go).
ensure_vegeta() {
  vegeta="$HOME/.cache/celador-bench/vegeta"
  [[ -x "$vegeta" ]] && return 0
  command -v go >/dev/null || { echo "vegeta is built with Go, which is missing" >&2; return 1; }
  mkdir -p "$(dirname "$vegeta")"
  GOBIN="$(dirname "$vegeta")" go install github.com/tsenart/vegeta/v12@v12.13.0 >&2
}

# vegeta_run RATE SECONDS SETTLE LOG: vegeta targets on stdin, sent over HTTP/1.1 at RATE per
# second for SETTLE+SECONDS seconds with vegeta's garbage collector off (GOGC=off: a run allocates
# well under 1 GB, and the client's own GC pauses would show up as server latency). Writes the
# latency in µs of each request sent after the first SETTLE seconds to LOG, one per line, and of
# every request to LOG.all, the non-200 answers after SETTLE to LOG.bad; fails unless every answer
# is 200.
vegeta_run() {
  GOGC=off "$vegeta" attack -insecure -http2=false -rate="$1" -duration="$(($2 + $3))s" >"$4.bin"
  "$vegeta" encode --to csv <"$4.bin" >"$4.csv" # time in ns, status, latency in ns, ...
  awk -F, '{n++} $2 != 200 {bad++} END {printf "requests: %d, not 200: %d\n", n, bad}' "$4.csv" >&2
  sort -t, -k1,1n "$4.csv" | awk -F, -v settle="$3" -v all="$4.all" -v bad="$4.bad" \
    'NR == 1 {from = $1 + settle * 1e9} {print $3 / 1000 >all}
     $1 >= from {print $3 / 1000; if ($2 != 200) print >bad}' >"$4"
  awk -F, '$2 != 200 {exit 1}' "$4.csv" || { echo "not every request answered 200" >&2; return 1; }
}

# percentiles LOG: a log of µs -> "p50 p99 count", in ms.
percentiles() {
  sort -n "$1" | awk '{a[NR]=$1} END {
    printf "%.3f %.3f %d\n", a[int(NR*0.50)]/1000, a[int(NR*0.99)]/1000, NR}'
}
