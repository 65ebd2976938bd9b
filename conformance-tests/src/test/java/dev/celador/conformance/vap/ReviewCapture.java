package dev.celador.conformance.vap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CAPTURE phase of a differential run: registers the recording webhook, waits until the API
 * server calls it, and submits every case once (dry run) to record the AdmissionReview the API
 * server builds for it. The webhook configuration is deleted again before the policies come.
 */
final class ReviewCapture {

  private static final long WAIT_NANOS = 60_000_000_000L;

  private ReviewCapture() {}

  /**
   * Each case's review by case id; a case whose submission did not produce exactly one review is
   * reported and left out.
   *
   * @param probe a submission the webhook sees, sent until it is called (registration is async)
   */
  static Map<String, String> capture(
      ApiServer api,
      RunObjects objects,
      CaptureWebhook webhook,
      Corpus.VapCase probe,
      List<Corpus.VapCase> cases)
      throws InterruptedException {
    Map<String, Object> configuration = webhook.configuration();
    objects.apply(configuration);
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (true) {
      api.submit(probe);
      if (!webhook.drain().isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the capture webhook was never called");
      }
      Thread.sleep(100);
    }
    Map<String, String> reviews = new LinkedHashMap<>();
    for (Corpus.VapCase c : cases) {
      ApiServer.Response response = api.submit(c);
      List<String> captured = webhook.drain();
      if (captured.size() == 1) {
        reviews.put(c.id(), captured.get(0));
      } else {
        System.err.println(
            c.id()
                + ": "
                + captured.size()
                + " reviews captured; API server said "
                + response.code()
                + " "
                + response.message());
      }
    }
    objects.delete(configuration);
    return reviews;
  }
}
