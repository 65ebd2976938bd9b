package dev.celador.engine.cel;

import com.google.errorprone.annotations.Immutable;
import java.util.List;
import java.util.Map;

/**
 * {@code jwt} in CEL. Until a JwtAuthentication policy verifies a token, every request has the
 * absent token: {@code jwt.present} is false and the other fields are empty.
 */
@Immutable
final class JwtStruct extends FieldStruct<Map<String, Object>> {

  static final JwtStruct ABSENT = new JwtStruct(Map.of());

  JwtStruct(Map<String, Object> claims) {
    super(claims, CelVocabulary.JWT);
  }

  @Override
  Object field(String name) {
    Map<String, Object> claims = value();
    return switch (name) {
      case "present" -> !claims.isEmpty();
      case "claims" -> claims;
      case "issuer" -> claims.getOrDefault("iss", "");
      case "subject" -> claims.getOrDefault("sub", "");
      case "scopes" -> List.of();
      default -> null;
    };
  }
}
