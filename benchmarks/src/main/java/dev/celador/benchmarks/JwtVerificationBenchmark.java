package dev.celador.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.jwt.IssuerVerifier;
import dev.celador.engine.internal.jwt.JwtRejection;
import dev.celador.engine.internal.jwt.JwtVerifier;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import dev.celador.engine.internal.source.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to verify one bearer token as the engine does on the request path: {@code cached} is a token
 * verified before (hash, cache lookup, key-still-published check); {@code uncached} is the full
 * path on every call (strict parse, key selection, signature, claims, CEL claim values), for RS256
 * (RSA-2048) and ES256 (P-256) tokens of typical size.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar JwtVerificationBenchmark -f 1 -wi 3 -i 3}. Add {@code -jvm
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for the JDK 25 runtime (ES256 verification is much
 * faster there). Compare rows with each other, not with other machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class JwtVerificationBenchmark {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final String ISSUER = "https://idp.example.com";
  private static final SourceLocation AT = new SourceLocation("bench.yaml", 1, 1);

  @Param({"RS256", "ES256"})
  public String alg;

  private String token;
  private List<IssuerVerifier> issuers;
  private JwtVerifier cached;
  private JwtVerifier uncached;

  @Setup
  public void setUp() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    JWK key;
    JWSSigner signer;
    if (alg.equals("RS256")) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      RSAKey rsa =
          new RSAKey.Builder((RSAPublicKey) pair.getPublic())
              .privateKey(pair.getPrivate())
              .keyID("bench")
              .build();
      key = rsa;
      signer = new RSASSASigner(rsa);
    } else {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      ECKey ec =
          new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
              .privateKey(pair.getPrivate())
              .keyID("bench")
              .build();
      key = ec;
      signer = new ECDSASigner(ec);
    }
    token = sign(key, signer);
    String jwks = new JWKSet(key.toPublicJWK()).toString();
    JwtIssuer issuer =
        new JwtIssuer(
            ISSUER,
            new KeySourceSpec(KeySourceSpec.Kind.JWKS, jwks, AT),
            List.of("orders"),
            JwtIssuer.DEFAULT_ALGORITHMS,
            JwtIssuer.DEFAULT_CLOCK_SKEW,
            Optional.empty(),
            AT);
    KeySources sources = new KeySources(clock, JwksOptions.defaults());
    issuers = List.of(new IssuerVerifier(issuer, sources.sourceFor(issuer)));
    cached = new JwtVerifier(clock, 10_000);
    uncached = new JwtVerifier(clock, 0);
    // A fast wrong answer is worthless: both paths must accept the token before measuring.
    cached.verify(token, issuers);
    uncached.verify(token, issuers);
  }

  private String sign(JWK key, JWSSigner signer) throws JOSEException {
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\"alice@example.com\",\"aud\":[\"orders\",\"billing\"],\"exp\":"
            + NOW.plusSeconds(3600).getEpochSecond()
            + ",\"iat\":"
            + NOW.getEpochSecond()
            + ",\"scope\":\"orders:read orders:write profile email\","
            + "\"email\":\"alice@example.com\",\"groups\":[\"staff\",\"eng\",\"oncall\"],"
            + "\"tenant\":\"acme\",\"jti\":\"2f4a7c1e-8a0b-4f7e-9d61-0c3b5e2a9f10\"}";
    JWSHeader header = new JWSHeader.Builder(new JWSAlgorithm(alg)).keyID(key.getKeyID()).build();
    String input =
        header.toBase64URL() + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8));
    return input + "." + signer.sign(header, input.getBytes(StandardCharsets.US_ASCII));
  }

  @Benchmark
  public Object cached() throws JwtRejection {
    return cached.verify(token, issuers);
  }

  @Benchmark
  public Object uncached() throws JwtRejection {
    return uncached.verify(token, issuers);
  }
}
