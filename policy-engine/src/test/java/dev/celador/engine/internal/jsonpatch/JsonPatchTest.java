package dev.celador.engine.internal.jsonpatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchTest {

  private static Map<String, Object> doc() {
    Map<String, Object> data = new LinkedHashMap<>(Map.of("x", "y"));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("data", data);
    root.put("list", new ArrayList<>(List.of("a", "b", "c")));
    return root;
  }

  private static JsonPatchOperation op(String op, String path, Object value) {
    return new JsonPatchOperation(op, path, "", value, true);
  }

  private static JsonPatchOperation from(String op, String from, String path) {
    return new JsonPatchOperation(op, path, from, null, false);
  }

  @Test
  void apply_addToMap_addsKeyAndLeavesInputAlone() throws Exception {
    Map<String, Object> input = doc();

    Object out = JsonPatch.apply(input, List.of(op("add", "/data/z", "w")));

    assertThat(out)
        .isEqualTo(Map.of("data", Map.of("x", "y", "z", "w"), "list", List.of("a", "b", "c")));
    assertThat(input.get("data")).isEqualTo(Map.of("x", "y"));
  }

  @Test
  void apply_addDashAndIndexes_appendsAndInserts() throws Exception {
    Object out =
        JsonPatch.apply(
            doc(),
            List.of(
                op("add", "/list/-", "d"),
                op("add", "/list/0", "first"),
                op("add", "/list/-1", "last")));

    assertThat(((Map<?, ?>) out).get("list"))
        .isEqualTo(List.of("first", "a", "b", "c", "d", "last"));
  }

  @Test
  void apply_removeReplaceNegativeIndex_countsFromTheEnd() throws Exception {
    Object out =
        JsonPatch.apply(
            doc(), List.of(op("remove", "/list/-1", null), op("replace", "/list/-2", "A")));

    assertThat(((Map<?, ?>) out).get("list")).isEqualTo(List.of("A", "b"));
  }

  @Test
  void apply_moveAndCopy_moveAndCopyValues() throws Exception {
    Object out =
        JsonPatch.apply(
            doc(), List.of(from("copy", "/data/x", "/data/c"), from("move", "/list/0", "/data/m")));

    assertThat(out)
        .isEqualTo(Map.of("data", Map.of("x", "y", "c", "y", "m", "a"), "list", List.of("b", "c")));
  }

  @Test
  void apply_escapedKey_addsKeyWithSlashAndTilde() throws Exception {
    Object out =
        JsonPatch.apply(
            doc(), List.of(op("add", "/data/" + JsonPointers.escape("example.com/a~b"), "v")));

    assertThat(((Map<?, ?>) ((Map<?, ?>) out).get("data")).get("example.com/a~b")).isEqualTo("v");
  }

  @Test
  void apply_testMismatch_failsAsTestFailure() {
    assertThatThrownBy(() -> JsonPatch.apply(doc(), List.of(op("test", "/data/x", "zz"))))
        .isInstanceOfSatisfying(JsonPatchException.class, e -> assertThat(e.testFailed()).isTrue())
        .hasMessage("testing value /data/x failed: test failed");
  }

  @Test
  void apply_testNumbersOfDifferentTypes_comparesByValue() throws Exception {
    Map<String, Object> d = doc();
    d.put("n", 1L);

    Object out = JsonPatch.apply(d, List.of(op("test", "/n", 1.0), op("add", "/ok", true)));

    assertThat(((Map<?, ?>) out).get("ok")).isEqualTo(true);
  }

  @Test
  void apply_testAbsentKeyWithNull_failsAsTestFailure() {
    assertThatThrownBy(() -> JsonPatch.apply(doc(), List.of(op("test", "/data/none", null))))
        .isInstanceOfSatisfying(JsonPatchException.class, e -> assertThat(e.testFailed()).isTrue());
  }

  @Test
  void apply_replaceOrCopyAbsentKey_setsTheKey() throws Exception {
    Object out =
        JsonPatch.apply(
            doc(), List.of(op("replace", "/data/r", "v"), from("copy", "/data/none", "/data/c")));

    Map<String, Object> data = new LinkedHashMap<>(Map.of("x", "y", "r", "v"));
    data.put("c", null);
    assertThat(((Map<?, ?>) out).get("data")).isEqualTo(data);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "add|/data/a/b|add operation does not apply: doc is missing path: \"/data/a/b\": missing value",
        "remove|/nope/x|remove operation does not apply: doc is missing path: \"/nope/x\": missing value",
        "remove|/data/nope|error in remove for path: '/data/nope': Unable to remove nonexistent key: nope: missing value",
        "replace|/list/7|replace operation does not apply: doc is missing key: /list/7: missing value",
        "test|/nope/x|test operation does not apply: is missing path: /nope/x: missing value",
        "add|/list/9|error in add for path: '/list/9': Unable to access invalid index: 9: invalid index referenced",
        "add|/list/x|error in add for path: '/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
        "remove|/list/3|error in remove for path: '/list/3': Unable to access invalid index: 3: invalid index referenced",
        "bogus|/data|Unexpected kind: bogus",
      })
  void apply_operationThatDoesNotApply_failsInApiServerWords(
      String kind, String path, String message) {
    assertThatThrownBy(() -> JsonPatch.apply(doc(), List.of(op(kind, path, "v"))))
        .isInstanceOfSatisfying(JsonPatchException.class, e -> assertThat(e.testFailed()).isFalse())
        .hasMessage(message);
  }

  @Test
  void apply_failingSecondOperation_appliesNothing() {
    Map<String, Object> input = doc();

    assertThatThrownBy(
            () ->
                JsonPatch.apply(
                    input, List.of(op("add", "/data/z", "w"), op("remove", "/data/q", null))))
        .isInstanceOf(JsonPatchException.class);
    assertThat(input).isEqualTo(doc());
  }

  @Test
  void unescape_tildeZeroOne_isTildeOne() {
    assertThat(JsonPointers.unescape("a~01~1b")).isEqualTo("a~1/b");
  }
}
