package dev.celador.webhook.bootstrap;

import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of bootstrap TLS: bring the Secret up to date (create, renew, rotate), make the webhook
 * configuration's caBundle trust it, and serve its certificate. Every replica runs the same rounds;
 * the Secret's resourceVersion decides who writes, the others adopt the winner's state.
 */
final class TlsSync {

  private static final Logger LOG = LoggerFactory.getLogger(TlsSync.class);
  private static final int ATTEMPTS = 5;

  private final TlsSecretStore store;
  private final CaBundlePatcher patcher;
  private final ServingFiles files;
  private final TlsPlanner planner;
  private final Clock clock;

  TlsSync(
      TlsSecretStore store,
      CaBundlePatcher patcher,
      ServingFiles files,
      TlsPlanner planner,
      Clock clock) {
    this.store = store;
    this.patcher = patcher;
    this.files = files;
    this.planner = planner;
    this.clock = clock;
  }

  /** Runs one round; throws when the Secret cannot be read or written. */
  TlsState run() {
    TlsState state = settle();
    CaBundlePatcher.Outcome outcome = patcher.ensure(Pem.certificates(state.trustBundle()));
    switch (outcome) {
      case PATCHED ->
          LOG.info("{}: caBundle set to {} CA(s)", patcher.describe(), state.trustBundle().size());
      case NOT_FOUND ->
          LOG.warn(
              "{} not found: caBundle not patched; the API server cannot verify this webhook"
                  + " until it exists (retrying)",
              patcher.describe());
      case UNCHANGED -> {}
    }
    if (files.write(state.serving())) {
      LOG.info(
          "serving certificate written (expires {})",
          state.serving().certificate().getNotAfter().toInstant());
    }
    return state;
  }

  private TlsState settle() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      TlsSecretStore.Stored stored = store.read();
      Optional<TlsPlanner.Change> change = planner.plan(stored.state(), clock.instant());
      if (change.isEmpty()) {
        return stored.state().orElseThrow();
      }
      if (stored.problem() != null && stored.secret() != null) {
        if (!TlsSecretStore.isCeladors(stored.secret())) {
          // Fail closed: never overwrite a Secret someone else may depend on.
          throw new IllegalStateException(
              stored.problem()
                  + ", and it is not Celador's (no label "
                  + TlsSecretStore.MANAGED_BY
                  + "=celador): delete it or set celador.webhook.tls.secret-name to another name");
        }
        LOG.warn("{}; replacing it", stored.problem());
      }
      if (store.write(change.get().state(), stored)) {
        LOG.info("{} written: {}", store.describe(), change.get().reason());
        return change.get().state();
      }
      LOG.info("{} changed by another replica; reading it again", store.describe());
    }
    throw new IllegalStateException(
        store.describe() + " kept changing under us; gave up after " + ATTEMPTS + " attempts");
  }
}
