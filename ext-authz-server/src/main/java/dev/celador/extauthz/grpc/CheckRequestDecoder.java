package dev.celador.extauthz.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.LowerCaseHeaders;
import dev.celador.engine.api.Peer;
import dev.celador.extauthz.InvalidRequestException;
import dev.celador.extauthz.LazyMap;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes a {@code CheckRequest}'s wire bytes straight into the fields {@link CheckRequestMapper}
 * maps, without building the protobuf message: parsing the whole message (a map entry object per
 * header, builders for every level) cost more than deciding. The raw request ({@code object}) is
 * parsed from the same bytes only when a policy reads it.
 *
 * <p>Accepts and rejects exactly what {@code CheckRequest.parseFrom} does: every string field of
 * the messages it walks is UTF-8 checked, repeated singular fields merge (scalars: last wins),
 * unknown fields and known numbers with another wire type are skipped, and the metadata messages it
 * does not walk are parsed by protobuf. {@code CheckRequestDecoderTest} holds it to that.
 */
final class CheckRequestDecoder {

  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private final PeerFields source = new PeerFields();
  private final PeerFields destination = new PeerFields();
  private final HttpFields http = new HttpFields();
  private final Map<String, String> context = new LinkedHashMap<>();
  private Metadata metadata;
  private String sni = "";

  private CheckRequestDecoder(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @throws InvalidProtocolBufferException if the bytes are not a CheckRequest message
   * @throws InvalidRequestException if it has no HTTP request
   */
  static AuthzRequest decode(byte[] bytes) throws InvalidProtocolBufferException {
    CheckRequestDecoder decoder = new CheckRequestDecoder(bytes);
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      decoder.checkRequest(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return decoder.toRequest();
  }

  private AuthzRequest toRequest() {
    if (http.method.isEmpty() || http.path.isEmpty()) {
      throw new InvalidRequestException(
          "CheckRequest has no HTTP request (attributes.request.http.method and path are required)");
    }
    Map<String, Object> filters = metadata == null ? Map.of() : filterMetadata(metadata);
    // Canonical constructors, not builders: every Check passes here, and a builder is one more
    // allocation per request for components this decoder sets anyway.
    return new AuthzRequest(
        source.toPeer(),
        destination.toPeer(),
        http.toAttributes(),
        !source.principal.isEmpty() || source.hasCertificate,
        sni,
        context,
        filters,
        new LazyMap(() -> ProtoValues.toMap(parseWhole(bytes))));
  }

  private static Map<String, Object> filterMetadata(Metadata metadata) {
    var filters = metadata.getFilterMetadataMap();
    return new LazyMap(
        () -> {
          Map<String, Object> plain = new HashMap<>();
          filters.forEach((name, struct) -> plain.put(name, ProtoValues.toMap(struct)));
          return plain;
        });
  }

  private static CheckRequest parseWhole(byte[] bytes) {
    try {
      return CheckRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("decoded CheckRequest no longer parses", e);
    }
  }

  /**
   * Skips a field this decoder does not read, exactly as {@code CheckRequest.parseFrom} reads it
   * into its unknown fields: protobuf reads an unknown varint with {@code readInt64}, which accepts
   * some ten-byte varints that {@code skipField} rejects (found by fuzzing), and an unknown group
   * field by field.
   *
   * @return false at the end of a group
   */
  private static boolean skipField(CodedInputStream in, int tag) throws IOException {
    switch (WireFormat.getTagWireType(tag)) {
      case VARINT -> {
        in.readInt64();
        return true;
      }
      case WireFormat.WIRETYPE_START_GROUP -> {
        in.readGroup(
            WireFormat.getTagFieldNumber(tag),
            UnknownFieldSet.newBuilder(),
            ExtensionRegistryLite.getEmptyRegistry());
        return true;
      }
      default -> {
        return in.skipField(tag);
      }
    }
  }

  private void checkRequest(CodedInputStream in) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LENGTH_DELIMITED)) {
        int limit = enter(in);
        attributes(in);
        leave(in, limit);
      } else if (!skipField(in, tag)) {
        return;
      }
    }
  }

  private void attributes(CodedInputStream in) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != LENGTH_DELIMITED || !attributeField(in, field)) {
        if (!skipField(in, tag)) {
          return;
        }
      }
    }
  }

  /** One length-delimited field of AttributeContext; false if it is not one this decoder reads. */
  private boolean attributeField(CodedInputStream in, int field) throws IOException {
    switch (field) {
      case 1 -> nested(in, () -> source.peer(in));
      case 2 -> nested(in, () -> destination.peer(in));
      case 4 -> nested(in, () -> request(in));
      case 10 -> mapEntry(in, context);
      case 11 -> {
        ByteString chunk = in.readBytes();
        // Concatenated encodings of a message merge, as repeated occurrences of the field do.
        metadata = parseMetadata(chunk, metadata);
      }
      case 13 -> parseMetadata(in.readBytes(), null); // only checked: `object` reads it
      case 12 -> nested(in, () -> sni = stringField(in, 1, sni));
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Protobuf's default nesting limit, which {@code CheckRequest.parseFrom} applies. */
  private static final int RECURSION_LIMIT = 100;

  /** The messages around AttributeContext's metadata fields: CheckRequest, AttributeContext. */
  private static final int METADATA_DEPTH = 2;

  /**
   * Parses a metadata field (merged into {@code into} when not null) with the nesting the whole
   * request's parse leaves it: parsed on its own it would allow two more levels of nested structs
   * than {@code CheckRequest.parseFrom}, so a request protobuf refuses would be accepted here and
   * fail later, when a policy reads it (found by fuzzing).
   */
  private static Metadata parseMetadata(ByteString chunk, Metadata into) throws IOException {
    CodedInputStream in = chunk.newCodedInput();
    in.setRecursionLimit(RECURSION_LIMIT - METADATA_DEPTH);
    Metadata.Builder builder = into == null ? Metadata.newBuilder() : into.toBuilder();
    builder.mergeFrom(in);
    in.checkLastTagWas(0);
    return builder.build();
  }

  private void request(CodedInputStream in) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LENGTH_DELIMITED)) {
        http.hasTime = true;
        nested(in, () -> http.time(in));
      } else if (tag == tag(2, LENGTH_DELIMITED)) {
        nested(in, () -> http.http(in));
      } else if (!skipField(in, tag)) {
        return;
      }
    }
  }

  /**
   * Reads the string of {@code field} if the next tag is it, else skips one field; loops until the
   * message ends. Returns the last value seen, or {@code current}.
   */
  private String stringField(CodedInputStream in, int field, String current) throws IOException {
    String value = current;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(field, LENGTH_DELIMITED)) {
        value = string(in);
      } else if (!skipField(in, tag)) {
        break;
      }
    }
    return value;
  }

  /** One {@code map<string, string>} entry: key 1, value 2, both "" when absent; last one wins. */
  private void mapEntry(CodedInputStream in, Map<String, String> into) throws IOException {
    int limit = enter(in);
    String key = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, LENGTH_DELIMITED)) {
        key = string(in);
      } else if (tag == tag(2, LENGTH_DELIMITED)) {
        value = string(in);
      } else if (!skipField(in, tag)) {
        break;
      }
    }
    leave(in, limit);
    if (into != null) {
      into.put(key, value);
    }
  }

  /** Reads a length-delimited sub-message with {@code body}, checking that it ended properly. */
  private static void nested(CodedInputStream in, Body body) throws IOException {
    int limit = enter(in);
    body.read();
    leave(in, limit);
  }

  private static int enter(CodedInputStream in) throws IOException {
    int length = in.readRawVarint32();
    return in.pushLimit(length);
  }

  /**
   * A string field's value, UTF-8 checked as protobuf does. Most are ASCII: checked eight bytes at
   * a time and copied as Latin-1, cheaper than protobuf's general decoder.
   */
  private String string(CodedInputStream in) throws IOException {
    int length = in.readRawVarint32();
    int start = in.getTotalBytesRead(); // the stream reads this.bytes from index 0
    in.skipRawBytes(length); // rejects negative and truncated lengths as readString would
    if (isAscii(bytes, start, length)) {
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
    if (!UnsafeByteOperations.unsafeWrap(bytes, start, length).isValidUtf8()) {
      throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
    }
    return new String(bytes, start, length, StandardCharsets.UTF_8);
  }

  private static boolean isAscii(byte[] bytes, int from, int length) {
    int i = from;
    int end = from + length;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
        return false;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** A field's tag, as protobuf writes it (protobuf keeps its own helper package-private). */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  private static void leave(CodedInputStream in, int limit) throws InvalidProtocolBufferException {
    in.checkLastTagWas(0); // an end-group tag ended the loop early: protobuf rejects that too
    in.popLimit(limit);
  }

  /** The body of a sub-message. */
  @FunctionalInterface
  private interface Body {
    void read() throws IOException;
  }

  /** What this decoder keeps of an {@code AttributeContext.Peer}. */
  private final class PeerFields {
    private static final int NO_ADDRESS = 0;
    private static final int SOCKET = 1;
    private static final int PIPE = 2;
    private static final int INTERNAL = 3;

    private int addressCase = NO_ADDRESS;
    private String address = "";
    private long port;
    private String principal = "";
    private boolean hasCertificate;

    void peer(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagWireType(tag) != LENGTH_DELIMITED) {
          if (!skipField(in, tag)) {
            return;
          }
          continue;
        }
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> nested(in, () -> address(in));
          case 2 -> string(in); // service: checked, not mapped
          case 3 -> mapEntry(in, null); // labels: checked, not mapped
          case 4 -> principal = string(in);
          case 5 -> hasCertificate = !string(in).isEmpty();
          default -> skipField(in, tag);
        }
      }
    }

    /** The {@code Address} oneof: a different case replaces, the same case merges. */
    private void address(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        if (WireFormat.getTagWireType(tag) != LENGTH_DELIMITED || field < SOCKET || field > 3) {
          if (!skipField(in, tag)) {
            return;
          }
          continue;
        }
        if (addressCase != field) {
          addressCase = field;
          address = "";
          port = 0;
        }
        switch (field) {
          case SOCKET -> nested(in, () -> socketAddress(in));
          case PIPE -> nested(in, () -> pipe(in));
          default -> nested(in, () -> internalAddress(in));
        }
      }
    }

    private void socketAddress(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        int type = WireFormat.getTagWireType(tag);
        if (field == 2 && type == LENGTH_DELIMITED) {
          address = string(in);
        } else if (field == 3 && type == VARINT) {
          port = in.readUInt32(); // an int, as protobuf's getter returns it
        } else if (field >= 4 && field != 6 && field <= 7 && type == LENGTH_DELIMITED) {
          string(in); // named_port, resolver_name, network namespace: checked
        } else if (!skipField(in, tag)) {
          return;
        }
      }
    }

    private void pipe(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == tag(1, LENGTH_DELIMITED)) {
          address = string(in);
        } else if (!skipField(in, tag)) {
          return;
        }
      }
    }

    private void internalAddress(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        if ((field == 1 || field == 2) && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
          string(in); // listener name, endpoint id: checked, not mapped
        } else if (!skipField(in, tag)) {
          return;
        }
      }
    }

    Peer toPeer() {
      return new Peer(addressCase == INTERNAL ? "" : address, port, principal);
    }
  }

  /** What this decoder keeps of {@code AttributeContext.Request} and its {@code HttpRequest}. */
  private final class HttpFields {
    private boolean hasTime;
    private long seconds;
    private int nanos;
    private String id = "";
    private String method = "";
    private final Map<String, String> headers = new DecodedHeaders();
    private Map<String, String> rawHeaders;
    private String path = "";
    private String host = "";
    private String scheme = "";
    private String protocol = "";
    private String body = "";
    private ByteString rawBody = ByteString.EMPTY;

    void time(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == tag(1, VARINT)) {
          seconds = in.readInt64();
        } else if (tag == tag(2, VARINT)) {
          nanos = in.readInt32();
        } else if (!skipField(in, tag)) {
          return;
        }
      }
    }

    void http(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagWireType(tag) != LENGTH_DELIMITED) {
          if (!skipField(in, tag)) {
            return;
          }
          continue;
        }
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> id = string(in);
          case 2 -> method = string(in);
          case 3 -> mapEntry(in, headers);
          case 4 -> path = string(in);
          case 5 -> host = string(in);
          case 6 -> scheme = string(in);
          case 7, 8 -> string(in); // query, fragment: checked, not mapped
          case 10 -> protocol = string(in);
          case 11 -> body = string(in);
          case 12 -> rawBody = in.readBytes();
          case 13 -> nested(in, () -> headerMap(in));
          default -> skipField(in, tag);
        }
      }
    }

    /** {@code HeaderMap}: repeated {@code HeaderValue}, kept in order with repeats joined. */
    private void headerMap(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == tag(1, LENGTH_DELIMITED)) {
          nested(in, () -> headerValue(in));
        } else if (!skipField(in, tag)) {
          return;
        }
      }
    }

    private void headerValue(CodedInputStream in) throws IOException {
      String key = "";
      String value = "";
      ByteString raw = ByteString.EMPTY;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == tag(1, LENGTH_DELIMITED)) {
          key = string(in);
        } else if (tag == tag(2, LENGTH_DELIMITED)) {
          value = string(in);
        } else if (tag == tag(3, LENGTH_DELIMITED)) {
          raw = in.readBytes();
        } else if (!skipField(in, tag)) {
          break;
        }
      }
      if (rawHeaders == null) {
        rawHeaders = new LinkedHashMap<>();
      }
      rawHeaders.merge(key, raw.isEmpty() ? value : utf8(raw), (a, b) -> a + "," + b);
    }

    HttpAttributes toAttributes() {
      Map<String, String> all;
      if (rawHeaders == null) {
        all = LowerCaseHeaders.wrapIfLowerCase(headers); // nothing changes it from here on
      } else {
        rawHeaders.forEach((k, v) -> headers.merge(k, v, (a, b) -> a + "," + b));
        all = headers;
      }
      // The canonical constructor, for the reason toRequest gives.
      return new HttpAttributes(
          method,
          path,
          host,
          scheme,
          protocol,
          all,
          id,
          body.isEmpty() && !rawBody.isEmpty() ? utf8(rawBody) : body,
          "true".equalsIgnoreCase(all.get(CheckRequestMapper.PARTIAL_BODY_HEADER)),
          hasTime ? Instant.ofEpochSecond(seconds, nanos) : null);
    }
  }

  private static String utf8(ByteString bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
