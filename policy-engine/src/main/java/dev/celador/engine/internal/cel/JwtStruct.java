package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.celador.engine.internal.jwt.VerifiedJwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code jwt} in CEL: the token a JwtAuthentication policy verified for this request. Without one
 * (no policy selects the request, or no token where none is required) {@code jwt.present} is false
 * and the other fields are empty.
 */
@Immutable
final class JwtStruct extends FieldStruct<VerifiedJwt> {

  private static final VerifiedJwt NO_TOKEN =
      new VerifiedJwt("", "", List.of(), List.of(), Map.of(), Instant.EPOCH);

  static final JwtStruct ABSENT = new JwtStruct(NO_TOKEN);

  private JwtStruct(VerifiedJwt token) {
    super(token, CelVocabulary.JWT);
  }

  static JwtStruct of(VerifiedJwt token) {
    return token == null ? ABSENT : new JwtStruct(token);
  }

  @Override
  Object field(String name) {
    VerifiedJwt token = value();
    return switch (name) {
      case "present" -> token != NO_TOKEN;
      case "claims" -> token.claims();
      case "issuer" -> token.issuer();
      case "subject" -> token.subject();
      case "audiences" -> token.audiences();
      case "scopes" -> token.scopes();
      default -> null;
    };
  }
}
