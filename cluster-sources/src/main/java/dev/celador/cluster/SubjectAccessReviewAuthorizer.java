package dev.celador.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.celador.engine.internal.cel.k8s.AuthorizationBackend;
import dev.celador.engine.internal.cel.k8s.AuthzAttributes;
import dev.celador.engine.internal.cel.k8s.AuthzDecision;
import io.fabric8.kubernetes.api.model.authorization.v1.FieldSelectorAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.LabelSelectorAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpec;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Answers the {@code authorizer} checks of admission policies by asking the API server, through a
 * SubjectAccessReview, what its authorizers (RBAC and the rest) say about the requesting user.
 *
 * <p>Answers are cached briefly, so a policy evaluated for every request costs the API server one
 * review per user and resource per TTL. A review that fails (network, timeout, no permission to
 * create reviews) is not cached and answers "no opinion" with the error set, as kube-apiserver's
 * own authorizer library does: {@code allowed()} is false, so checks fail closed, and {@code
 * errored()} / {@code error()} tell the policy why.
 */
public final class SubjectAccessReviewAuthorizer implements AuthorizationBackend {

  /** kube-apiserver's webhook authorizer caches denials for 30 s; we keep every answer briefly. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  public static final long DEFAULT_MAX_ENTRIES = 10_000;

  private final KubernetesClient client;
  private final Cache<AuthzAttributes, AuthzDecision> answers;

  public SubjectAccessReviewAuthorizer(KubernetesClient client, Duration ttl, long maxEntries) {
    this.client = client;
    this.answers = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
  }

  public SubjectAccessReviewAuthorizer(KubernetesClient client) {
    this(client, DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
  }

  @Override
  public AuthzDecision authorize(AuthzAttributes attributes) {
    AuthzDecision cached = answers.getIfPresent(attributes);
    if (cached != null) {
      return cached;
    }
    AuthzDecision decision;
    try {
      decision = review(attributes);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new AuthzDecision(
          AuthzDecision.Verdict.NO_OPINION, "", "SubjectAccessReview failed: " + why);
    }
    answers.put(attributes, decision);
    return decision;
  }

  private AuthzDecision review(AuthzAttributes a) {
    SubjectAccessReviewSpec spec = new SubjectAccessReviewSpec();
    spec.setUser(a.user());
    spec.setGroups(a.groups());
    if (a.isResourceRequest()) {
      ResourceAttributes resource = new ResourceAttributes();
      resource.setVerb(a.verb());
      resource.setGroup(a.apiGroup());
      resource.setResource(a.resource());
      resource.setSubresource(a.subresource());
      resource.setNamespace(a.namespace());
      resource.setName(a.name());
      if (!a.fieldSelector().isEmpty()) {
        FieldSelectorAttributes fields = new FieldSelectorAttributes();
        fields.setRawSelector(a.fieldSelector());
        resource.setFieldSelector(fields);
      }
      if (!a.labelSelector().isEmpty()) {
        LabelSelectorAttributes labels = new LabelSelectorAttributes();
        labels.setRawSelector(a.labelSelector());
        resource.setLabelSelector(labels);
      }
      spec.setResourceAttributes(resource);
    } else {
      NonResourceAttributes path = new NonResourceAttributes();
      path.setPath(a.path());
      path.setVerb(a.verb());
      spec.setNonResourceAttributes(path);
    }
    SubjectAccessReview request = new SubjectAccessReview();
    request.setSpec(spec);
    SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(request);
    return toDecision(answer.getStatus());
  }

  /** As kube-apiserver's webhook authorizer reads a review: allowed, denied, else no opinion. */
  static AuthzDecision toDecision(SubjectAccessReviewStatus status) {
    if (status == null) {
      return new AuthzDecision(
          AuthzDecision.Verdict.NO_OPINION, "", "SubjectAccessReview returned no status");
    }
    String reason = status.getReason();
    boolean allowed = Boolean.TRUE.equals(status.getAllowed());
    boolean denied = Boolean.TRUE.equals(status.getDenied());
    if (allowed && denied) {
      return new AuthzDecision(
          AuthzDecision.Verdict.DENY, reason, "SubjectAccessReview both allowed and denied");
    }
    if (denied) {
      return new AuthzDecision(AuthzDecision.Verdict.DENY, reason, "");
    }
    if (allowed) {
      return new AuthzDecision(AuthzDecision.Verdict.ALLOW, reason, "");
    }
    return new AuthzDecision(AuthzDecision.Verdict.NO_OPINION, reason, "");
  }
}
