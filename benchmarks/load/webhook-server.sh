# Shared by webhook-load.sh and webhook-cost.sh (source it; not run alone): builds the webhook,
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
