package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;

/** Checks a JWS signature with one key. Implementations are immutable and thread-safe. */
@FunctionalInterface
interface SignatureCheck {

  boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException;
}
