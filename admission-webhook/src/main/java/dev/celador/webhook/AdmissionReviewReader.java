package dev.celador.webhook;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AdmissionReview reader of every front door that takes JSON ({@code POST /validate}, {@code
 * celador eval --admission-review}): bytes in, the request out, or a {@link BadReviewException}
 * whose message names the field at fault (the webhook answers it with 400). Malformed JSON,
 * duplicate keys ({@link ReviewJson}) and reviews of another shape than kube-apiserver sends
 * ({@link AdmissionReviewMapper#read}) all end there; any other exception is a bug.
 */
public final class AdmissionReviewReader {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AdmissionReviewReader() {}

  public static AdmissionRequest read(byte[] json) throws BadReviewException {
    Object review;
    try {
      review = ReviewJson.read(JSON, json);
    } catch (JacksonException e) {
      throw new BadReviewException("malformed JSON: " + e.getOriginalMessage());
    }
    return AdmissionReviewMapper.read(review);
  }
}
