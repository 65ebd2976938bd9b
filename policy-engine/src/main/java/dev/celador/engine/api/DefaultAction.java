package dev.celador.engine.api;

/**
 * What a request gets when no enforced access policy (ALLOW or DENY, not dry-run) selects it: the
 * setting {@code celador.default-action}. {@code ALLOW} is Istio's rule and the engine's default;
 * {@code DENY} makes every unselected request a 403, so a target that silently stopped matching (a
 * renamed service, an identity the front door cannot know) fails closed and visibly.
 */
public enum DefaultAction {
  ALLOW,
  DENY
}
