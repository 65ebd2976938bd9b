package dev.celador.verify;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.parse.Durations;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.verify.request.CheckRequestMapper;
import dev.celador.verify.request.CompactRequestMapper;
import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import dev.celador.verify.request.RequestFileException;
import dev.celador.verify.request.RequestForms;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry of a suite's {@code cases}. The field holding the input says what kind of case it
 * is: {@code input} (the compact request form, inline or a fixture's name) or {@code checkRequest}
 * (an Envoy CheckRequest, inline or a fixture's name) make an {@link HttpCase}; {@code admission}
 * (see {@link AdmissionInputReader}) makes an {@link AdmissionCase}.
 */
final class CaseReader {

  static final List<String> INPUTS = List.of("input", "checkRequest", "admission");
  static final List<String> FIELDS =
      List.of(
          "name",
          "input",
          "checkRequest",
          "admission",
          "repeat",
          "every",
          "limited",
          "expectLimited",
          "expect");
  static final long MAX_REPEAT = 10_000;

  private final String file;
  private final Fixtures fixtures;
  private final JwtInput jwt;

  CaseReader(String file, Fixtures fixtures, JwtInput jwt) {
    this.file = file;
    this.fixtures = fixtures;
    this.jwt = jwt;
  }

  TestCase read(InputNode node, String path) {
    FieldReader item = FieldReader.of(file, path, node);
    item.rejectUnknown(FIELDS);
    String name = item.string("name").strip();
    if (name.isEmpty()) {
      throw item.error(node.position(), "'" + item.qualified("name") + "' is required");
    }
    SourceLocation location = location(node.position());
    inputField(item);
    if (item.has("admission")) {
      return admission(item, name, location);
    }
    AuthzRequest request = request(item);
    RequestSequence sequence = sequence(item);
    return new HttpCase(name, location, request, sequence, ExpectationReader.read(expect(item)));
  }

  private AdmissionCase admission(FieldReader item, String name, SourceLocation location) {
    for (String field : List.of("repeat", "every", "limited", "expectLimited")) {
      if (item.has(field)) {
        throw item.error(
            item.field(field).orElseThrow().position(),
            "'" + item.qualified(field) + "' is for HTTP requests, not admission cases");
      }
    }
    FieldReader admission = item.object("admission").orElseThrow();
    InlineOrFixture values = new InlineOrFixture(file, fixtures);
    AdmissionInputReader.Input input = new AdmissionInputReader(values).read(admission);
    return new AdmissionCase(
        name,
        location,
        input.request(),
        input.context(),
        AdmissionExpectationReader.read(expect(item), values));
  }

  private static FieldReader expect(FieldReader item) {
    return item.object("expect")
        .orElseThrow(
            () ->
                item.error(
                    item.node().position(), "'" + item.qualified("expect") + "' is required"));
  }

  /** The one field holding the case's input. */
  private static String inputField(FieldReader item) {
    List<String> given = INPUTS.stream().filter(item::has).toList();
    if (given.size() != 1) {
      InputNode at = given.isEmpty() ? item.node() : item.field(given.get(1)).orElseThrow();
      throw item.error(
          at.position(),
          "'"
              + item.path()
              + "' needs exactly one input: "
              + String.join(" or ", INPUTS)
              + (given.isEmpty() ? "" : ", found " + String.join(" and ", given)));
    }
    return given.get(0);
  }

  private AuthzRequest request(FieldReader item) {
    String field = inputField(item);
    InputNode value = item.field(field).orElseThrow();
    boolean fixture = value.kind() == InputNode.Kind.STRING;
    String source = file;
    InputNode tree = value;
    if (fixture) {
      Fixtures.Fixture loaded = fixtures.load(value.text(), location(value.position()));
      source = loaded.file();
      tree = loaded.tree();
    }
    try {
      if (field.equals("checkRequest")) {
        if (!RequestForms.isCheckRequest(tree)) {
          throw RequestFileException.at(
              source, tree.position(), "a CheckRequest needs 'attributes'");
        }
        return new CheckRequestMapper(source).map(tree);
      }
      if (fixture && RequestForms.isCheckRequest(tree)) {
        return new CheckRequestMapper(source).map(tree);
      }
      // The compact form may carry a token, signed here with the suite's keys.
      InputNode jwtNode = tree.isObject() ? member(tree, "jwt") : null;
      InputNode rest = jwtNode == null ? tree : without(tree, "jwt");
      AuthzRequest request = new CompactRequestMapper(source).map(rest);
      return jwtNode == null
          ? request
          : jwt.apply(
              FieldReader.of(source, fixture ? "jwt" : item.qualified(field) + ".jwt", jwtNode),
              request);
    } catch (RequestFileException e) {
      throw SuiteError.from(e, source);
    }
  }

  private static InputNode member(InputNode object, String name) {
    InputNode.Member member = object.members().get(name);
    return member == null || member.value().kind() == InputNode.Kind.NULL ? null : member.value();
  }

  private static InputNode without(InputNode object, String name) {
    Map<String, InputNode.Member> members = new LinkedHashMap<>(object.members());
    members.remove(name);
    return InputNode.object(members, object.position());
  }

  private RequestSequence sequence(FieldReader item) {
    if (List.of("repeat", "every", "limited", "expectLimited").stream().noneMatch(item::has)) {
      return RequestSequence.ONCE;
    }
    long repeat = item.integer("repeat", 1);
    if (repeat < 1 || repeat > MAX_REPEAT) {
      throw item.error(
          item.field("repeat").orElseThrow().position(),
          "'" + item.qualified("repeat") + "' must be between 1 and " + MAX_REPEAT);
    }
    Set<Integer> limited = new HashSet<>();
    if (item.has("limited")) {
      InputNode list = item.field("limited").orElseThrow();
      List<InputNode> numbers = list.kind() == InputNode.Kind.ARRAY ? list.items() : List.of(list);
      for (InputNode n : numbers) {
        long number = n.kind() == InputNode.Kind.NUMBER ? ((Number) n.value()).longValue() : -1;
        if (number < 1 || number > repeat || !(n.value() instanceof Long)) {
          throw item.error(
              n.position(),
              "'"
                  + item.qualified("limited")
                  + "' lists request numbers from 1 to repeat ("
                  + repeat
                  + "), found "
                  + (n.isScalar() ? n.text() : n.kind().description()));
        }
        limited.add((int) number);
      }
    }
    Duration every = Duration.ZERO;
    if (item.has("every")) {
      String text = item.string("every");
      every =
          Durations.parse(text)
              // Time only moves forward between the requests of a sequence.
              .filter(d -> !d.isNegative())
              .orElseThrow(
                  () ->
                      item.error(
                          item.field("every").orElseThrow().position(),
                          "'"
                              + item.qualified("every")
                              + "' must be a duration such as 100ms or 1s (not negative), found '"
                              + text
                              + "'"));
    }
    HttpExpectation whenLimited = RequestSequence.NOTHING_MORE;
    if (item.has("expectLimited")) {
      if (limited.isEmpty()) {
        throw item.error(
            item.field("expectLimited").orElseThrow().position(),
            "'" + item.qualified("expectLimited") + "' needs 'limited' requests to check");
      }
      whenLimited = ExpectationReader.read(item.object("expectLimited").orElseThrow());
    }
    return new RequestSequence((int) repeat, limited, every, whenLimited);
  }

  private SourceLocation location(InputNode.Position position) {
    return new SourceLocation(file, position.line(), position.column());
  }
}
