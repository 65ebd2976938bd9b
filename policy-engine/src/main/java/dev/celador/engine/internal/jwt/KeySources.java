package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * Creates the key sources of issuers and shares remote ones across policy reloads, so a reload does
 * not refetch every JWKS. Owns the background scheduler and HTTP client; one per engine.
 */
public final class KeySources implements AutoCloseable {

  private final Clock clock;
  private final JwksOptions options;
  private final Map<String, String> pinnedJwks;
  private final Map<String, RemoteKeySource> remote = new ConcurrentHashMap<>();
  private volatile Consumer<KeySourceStats> onFetchFailure = stats -> {};
  private ScheduledThreadPoolExecutor scheduler;
  private JwksFetcher fetcher;

  public KeySources(Clock clock, JwksOptions options) {
    this(clock, options, Map.of());
  }

  /**
   * Key sources where the issuers in {@code pinnedJwks} verify with the JWKS (JSON) given there,
   * whatever key source their policies name. Policy tests pin their generated test keys this way,
   * so a policy that fetches production keys is tested offline, unchanged.
   */
  public KeySources(Clock clock, JwksOptions options, Map<String, String> pinnedJwks) {
    this.clock = clock;
    this.options = options;
    this.pinnedJwks = Map.copyOf(pinnedJwks);
  }

  /**
   * Key sources whose background fetches run on {@code executor} (it also runs the HTTP client), so
   * tests can see and trigger the retries that would otherwise wait in real time.
   */
  KeySources(Clock clock, JwksOptions options, ScheduledThreadPoolExecutor executor) {
    this(clock, options, Map.of());
    this.scheduler = executor;
    this.fetcher = new JwksFetcher(client(executor), options.fetchTimeout(), options.maxBytes());
  }

  /**
   * Tells {@code listener} about every failed fetch of a remote source, with the source's stats
   * after it, on the thread that fetched; for logs. Replaces the previous listener.
   */
  public void onFetchFailure(Consumer<KeySourceStats> listener) {
    onFetchFailure = listener;
  }

  public JwksOptions options() {
    return options;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The key source of {@code issuer}: shared if remote, read now if fixed by the policy.
   *
   * @throws KeyMaterialException when a file cannot be read or holds no usable key; the message
   *     says why, for a diagnostic at the key source's field
   */
  public KeySource sourceFor(JwtIssuer issuer) throws KeyMaterialException {
    KeySourceSpec spec = issuer.keys();
    String pinned = pinnedJwks.get(issuer.issuer());
    if (pinned != null) {
      return new StaticKeySource("pinned", jwks(pinned));
    }
    return switch (spec.kind()) {
      case JWKS_URI, DISCOVERY -> remote(spec);
      case JWKS -> new StaticKeySource("inline", jwks(spec.value()));
      case JWKS_FILE ->
          new StaticKeySource(
              "file:" + spec.value(),
              jwks(new String(read(spec, "JWKS file"), StandardCharsets.UTF_8)));
      case SECRET_FILE -> new StaticKeySource("secret", secret(issuer, spec));
    };
  }

  /** Stops fetching for remote sources not in {@code keep}, after a reload no longer uses them. */
  public void retainOnly(Collection<KeySource> keep) {
    Set<KeySource> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(keep);
    remote
        .entrySet()
        .removeIf(
            e -> {
              if (kept.contains(e.getValue())) {
                return false;
              }
              e.getValue().close();
              return true;
            });
  }

  /** Counters of every remote source, for metrics. */
  public List<KeySourceStats> stats() {
    List<KeySourceStats> stats = new ArrayList<>();
    remote.values().forEach(s -> stats.add(s.stats()));
    return stats;
  }

  @Override
  public synchronized void close() {
    remote.values().forEach(RemoteKeySource::close);
    remote.clear();
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Shared by every issuer naming the same URL with the same fetch rules. */
  private RemoteKeySource remote(KeySourceSpec spec) {
    String key =
        spec.kind().field()
            + " "
            + spec.value()
            + " hosts="
            + spec.jwksHosts()
            + " insecure="
            + spec.allowInsecureHttp();
    return remote.computeIfAbsent(
        key,
        k -> {
          ensureStarted();
          return new RemoteKeySource(
              spec, fetcher, scheduler, clock, options, stats -> onFetchFailure.accept(stats));
        });
  }

  private synchronized void ensureStarted() {
    if (scheduler != null) {
      return;
    }
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "celador-jwks");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    scheduler = executor;
    fetcher = new JwksFetcher(client(executor), options.fetchTimeout(), options.maxBytes());
  }

  /** Redirects are left to {@link JwksFetcher}, which follows them only within the origin. */
  private HttpClient client(ScheduledThreadPoolExecutor executor) {
    return HttpClient.newBuilder()
        .connectTimeout(options.fetchTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
  }

  private static KeySet jwks(String json) throws KeyMaterialException {
    try {
      KeySet keys = KeySet.of(JWKSet.parse(json), KeySet.EMPTY, null);
      if (keys.size() == 0) {
        throw new KeyMaterialException("the JWKS has no usable signature verification key");
      }
      return keys;
    } catch (ParseException e) {
      throw new KeyMaterialException("not a JSON Web Key Set: " + e.getMessage());
    }
  }

  private static KeySet secret(JwtIssuer issuer, KeySourceSpec spec) throws KeyMaterialException {
    byte[] secret = read(spec, "secret file");
    // Files written with echo end in a newline that is not part of the secret.
    int end = secret.length;
    while (end > 0 && (secret[end - 1] == '\n' || secret[end - 1] == '\r')) {
      end--;
    }
    secret = Arrays.copyOf(secret, end);
    for (String alg : issuer.algorithms()) {
      int bytes = Integer.parseInt(alg.substring(2)) / 8;
      if (secret.length < bytes) {
        throw new KeyMaterialException(
            alg + " needs a secret of at least " + bytes + " bytes, the file has " + end);
      }
    }
    try {
      return KeySet.ofSecret(VerificationKey.hmac(secret));
    } catch (JOSEException e) {
      throw new KeyMaterialException("unusable secret: " + e.getMessage());
    }
  }

  /** The file named by {@code spec}, relative to the policy file that names it. */
  private static byte[] read(KeySourceSpec spec, String what) throws KeyMaterialException {
    Path path = Path.of(spec.value());
    if (!path.isAbsolute()) {
      Path policy = Path.of(spec.location().file()).toAbsolutePath();
      path = policy.resolveSibling(path);
    }
    try {
      return Files.readAllBytes(path);
    } catch (IOException | RuntimeException e) {
      throw new KeyMaterialException("cannot read " + what + " " + path + ": " + e);
    }
  }

  /** Key material that a policy names but that cannot be used. */
  public static final class KeyMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyMaterialException(String message) {
      super(message);
    }
  }
}
