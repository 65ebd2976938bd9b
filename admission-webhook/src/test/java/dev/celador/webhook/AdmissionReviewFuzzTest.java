package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any bytes as the body of {@code POST /validate}, read by the controller (JSON, AdmissionReview
 * envelope, request fields) and decided by the best-practice and Pod Security policies. Contract:
 * the answer is 200 with an AdmissionReview response, 400 with a reason, or 413; never an exception
 * (which Spring would turn into a 500); always JSON.
 *
 * <p>Seeds: {@code AdmissionReviewFuzzTestInputs/validate_anyBody_answersOrRefuses/}: the reviews
 * of the webhook and CLI tests and hostile ones (duplicate keys, deep nesting, huge numbers,
 * invalid UTF-8, unknown operations, wrong types).
 */
class AdmissionReviewFuzzTest {

  private static final int MAX_BYTES = 3 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AdmissionReviewController CONTROLLER = controller();

  @FuzzTest(maxDuration = "20s")
  void validate_anyBody_answersOrRefuses(byte[] body) {
    ResponseEntity<byte[]> answer = CONTROLLER.validate(post(body));
    int status = answer.getStatusCode().value();
    assertThat(status).isIn(200, 400, 413);
    Object json = JSON.readValue(answer.getBody(), Object.class);
    assertThat(json).isInstanceOf(Map.class);
    if (status == 200) {
      assertThat(((Map<?, ?>) json).containsKey("response")).as("response present").isTrue();
    }
  }

  private static AdmissionReviewController controller() {
    // Decision lines are built (they are part of what a review exercises) but not printed.
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders();
    logging.getLogger("celador.decisions").setLevel(Level.INFO);
    WebhookMetrics metrics = new WebhookMetrics(new SimpleMeterRegistry());
    AdmissionPolicies policies =
        new FileAdmissionPolicies(
            List.of(
                "src/test/resources/webhook/policies.yaml",
                "../policies/best-practice",
                "../policies/pod-security"),
            List.of("../policies/best-practice/testdata/allowed-registries.yaml"),
            List.of(),
            Duration.ofHours(1),
            metrics);
    return new AdmissionReviewController(
        policies,
        metrics,
        MAX_BYTES,
        new StaticListableBeanFactory().getBeanProvider(OpenTelemetry.class));
  }

  /**
   * A request that carries only a body, which is all the controller reads besides the {@code
   * traceparent} header (absent here).
   */
  private static HttpServletRequest post(byte[] body) {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    ServletInputStream stream =
        new ServletInputStream() {
          @Override
          public int read() {
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
          }

          @Override
          public boolean isFinished() {
            return in.available() == 0;
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
          }
        };
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            AdmissionReviewFuzzTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getContentLengthLong" -> (long) body.length;
                  case "getContentLength" -> body.length;
                  case "getInputStream" -> stream;
                  case "getHeader" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
