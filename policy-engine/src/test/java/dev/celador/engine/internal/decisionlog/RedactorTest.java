package dev.celador.engine.internal.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln rejected",
        "header was Bearer abc.def",
        "BASIC dXNlcjpwYXNz",
        "TOKEN s3cr3t"
      })
  void text_credential_redactedWhateverTheCase(String text) {
    assertThat(Redactor.mayHoldCredential(text)).isTrue();
    assertThat(Redactor.text(text)).contains(Redactor.REDACTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/api/orders/42?expand=items", "no ALLOW rule matched"})
  void text_nothingCredentialLike_returnedAsIs(String text) {
    assertThat(Redactor.mayHoldCredential(text)).isFalse();
    assertThat(Redactor.text(text)).isSameAs(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"basically fine", "tokens are counted", "bearers of news"})
  void text_wordOnlyLooksLikeAScheme_precheckPassesRegexDecides(String text) {
    assertThat(Redactor.mayHoldCredential(text)).isTrue();
    assertThat(Redactor.text(text)).isEqualTo(text);
  }
}
