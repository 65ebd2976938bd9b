package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClosestNameTest {

  private static final List<String> KNOWN =
      List.of("celador.grpc.port", "celador.http.port", "celador.jwt.refresh-interval");

  @ParameterizedTest
  @CsvSource({
    "celador.grpc.prot, celador.grpc.port",
    "celador.grcp.port, celador.grpc.port",
    "celador.htp.port, celador.http.port",
    "celador.jwt.refresh-intervall, celador.jwt.refresh-interval",
    "celador.jwt.refresh_interval, celador.jwt.refresh-interval",
  })
  void of_typo_givesTheIntendedName(String typo, String intended) {
    assertThat(ClosestName.of(typo, KNOWN)).contains(intended);
  }

  @Test
  void of_unrelatedName_givesNothing() {
    assertThat(ClosestName.of("celador.colour", KNOWN)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"abc, abc, 0", "abc, acb, 1", "abc, abd, 1", "abc, ab, 1", "'', abc, 3"})
  void distance_editsCounted(String a, String b, int expected) {
    assertThat(ClosestName.distance(a, b)).isEqualTo(expected);
  }
}
