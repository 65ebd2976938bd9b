package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.util.Map;

/**
 * A token split and decoded, not yet verified: nothing in it may be trusted except for choosing
 * which issuer's keys to verify it with.
 *
 * @param claims the payload as parsed JSON
 * @param issuer the unverified {@code iss} claim
 */
record ParsedToken(
    JWSHeader header,
    byte[] signingInput,
    Base64URL signature,
    Map<String, Object> claims,
    String issuer) {}
