package dev.celador.engine;

import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.internal.parse.Tenancy;

/**
 * The choices a policy set cannot make for itself, fixed when an engine is built.
 *
 * @param tenancy the root namespace, whose policies are mesh-wide
 * @param unselected what a request that no enforced access policy selects gets
 */
public record PolicyDefaults(Tenancy tenancy, DefaultAction unselected) {

  /** Root namespace {@code celador-system}; unselected requests are allowed, as in Istio. */
  public static final PolicyDefaults DEFAULT =
      new PolicyDefaults(Tenancy.DEFAULT, DefaultAction.ALLOW);
}
