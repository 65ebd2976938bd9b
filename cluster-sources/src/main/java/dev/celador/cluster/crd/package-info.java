/**
 * Celador's policy kinds as Kubernetes custom resources ({@code celador.dev/v1alpha1}). The classes
 * exist to generate the CustomResourceDefinitions at build time and to describe exactly the fields
 * the engine's YAML parser reads; at runtime the cluster sources read the objects generically and
 * hand them to that same parser, which stays the one judge of validity.
 *
 * <p>CEL is always a plain string here: the API server stores it, the engine compiles it.
 */
package dev.celador.cluster.crd;
