package dev.celador.extauthz.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import dev.celador.extauthz.InvalidRequestException;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.EnvoyInternalAddress;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link CheckRequestDecoder} to protobuf: for random requests, their concatenations (which
 * protobuf merges), corrupted copies and invalid UTF-8 in every string field, the decoder accepts
 * exactly what {@code CheckRequest.parseFrom} accepts and maps it exactly as {@link
 * ProtoCheckRequestMapping} maps the parsed message.
 */
class CheckRequestDecoderTest {

  /** Put into string fields so that tests can find them in the encoding and break them. */
  private static final String MARK = "~~";

  private final Random random = new Random(20261127);

  @Test
  void decode_randomRequests_mapsLikeProtobuf() {
    for (int i = 0; i < 2_000; i++) {
      DecoderOracle.assertSameOutcome(randomRequest().toByteArray());
    }
  }

  @Test
  void decode_concatenatedRequests_mergesLikeProtobuf() {
    for (int i = 0; i < 1_000; i++) {
      DecoderOracle.assertSameOutcome(
          concat(randomRequest().toByteArray(), randomRequest().toByteArray()));
    }
  }

  @Test
  void decode_corruptedBytes_acceptsAndRejectsLikeProtobuf() {
    int rejected = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = randomRequest().toByteArray();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      if (!DecoderOracle.assertSameOutcome(bytes)) {
        rejected++;
      }
    }
    // Both sides of the comparison were exercised.
    assertThat(rejected).isBetween(500, 4_500);
  }

  @Test
  void decode_invalidUtf8InAnyStringField_isRejectedLikeProtobuf() {
    int checked = 0;
    for (int i = 0; i < 500; i++) {
      byte[] bytes = randomRequest().toByteArray();
      for (int at = indexOf(bytes, 0); at >= 0; at = indexOf(bytes, at + 1)) {
        byte[] broken = bytes.clone();
        broken[at] = (byte) 0xC3; // a lead byte followed by '~': not UTF-8
        assertThat(DecoderOracle.assertSameOutcome(broken)).isFalse();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(2_000);
  }

  @Test
  void decode_unknownFieldsAndKnownNumbersWithOtherWireTypes_areSkippedLikeProtobuf() {
    UnknownFieldSet odd =
        UnknownFieldSet.newBuilder()
            .addField(
                2, UnknownFieldSet.Field.newBuilder().addVarint(7).build()) // method as varint
            .addField(4, UnknownFieldSet.Field.newBuilder().addFixed32(1).build())
            .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(utf8("x")).build())
            .addField(
                5,
                UnknownFieldSet.Field.newBuilder()
                    .addGroup(UnknownFieldSet.getDefaultInstance())
                    .build())
            .build();
    CheckRequest.Builder b = randomRequest().toBuilder();
    b.getAttributesBuilder().getRequestBuilder().getHttpBuilder().setUnknownFields(odd);
    b.getAttributesBuilder().getSourceBuilder().setUnknownFields(odd);
    b.getAttributesBuilder().setUnknownFields(odd);
    b.setUnknownFields(odd);

    assertThat(DecoderOracle.assertSameOutcome(b.build().toByteArray())).isTrue();
  }

  @Test
  void decode_deeplyNestedUnknownGroups_rejectedLikeProtobufWithoutStackOverflow() {
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    for (int i = 0; i < 100_000; i++) {
      nested.write((99 << 3 | 3) & 0x7F | 0x80); // field 99, START_GROUP, as a 2-byte varint
      nested.write((99 << 3 | 3) >>> 7);
    }

    assertThat(DecoderOracle.assertSameOutcome(nested.toByteArray())).isFalse();
  }

  @Test
  void decode_metadataNestedAroundTheRecursionLimit_acceptedAndRejectedLikeProtobuf() {
    boolean accepted = false;
    boolean rejected = false;
    // Each level is a Value inside a Struct's map entry: three messages. Around protobuf's limit of
    // 100 counted from the CheckRequest, for both metadata fields.
    for (int levels = 28; levels <= 36; levels++) {
      Value value = Value.newBuilder().setStringValue("leaf").build();
      for (int i = 0; i < levels; i++) {
        value =
            Value.newBuilder().setStructValue(Struct.newBuilder().putFields("k", value)).build();
      }
      Metadata metadata =
          Metadata.newBuilder()
              .putFilterMetadata("f", Struct.newBuilder().putFields("k", value).build())
              .build();
      for (boolean route : new boolean[] {false, true}) {
        AttributeContext.Builder attributes =
            AttributeContext.newBuilder()
                .setRequest(
                    AttributeContext.Request.newBuilder()
                        .setHttp(
                            AttributeContext.HttpRequest.newBuilder()
                                .setMethod("GET")
                                .setPath("/")));
        if (route) {
          attributes.setRouteMetadataContext(metadata);
        } else {
          attributes.setMetadataContext(metadata);
        }
        byte[] bytes = CheckRequest.newBuilder().setAttributes(attributes).build().toByteArray();
        if (DecoderOracle.assertSameOutcome(bytes)) {
          accepted = true;
        } else {
          rejected = true;
        }
      }
    }

    assertThat(accepted).as("some depth under the limit").isTrue();
    assertThat(rejected).as("some depth over the limit").isTrue();
  }

  @Test
  void decode_noHttpRequest_isInvalidRequest() {
    assertThatThrownBy(() -> DecoderOracle.decode(new byte[0]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("attributes.request.http.method and path");
  }

  private CheckRequest randomRequest() {
    AttributeContext.Builder attributes = AttributeContext.newBuilder();
    if (random.nextInt(5) > 0) {
      attributes.setSource(randomPeer());
    }
    if (random.nextInt(5) > 0) {
      attributes.setDestination(randomPeer());
    }
    if (random.nextInt(10) > 0) {
      attributes.setRequest(randomRequestAttributes());
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      attributes.putContextExtensions(word(), word());
    }
    if (random.nextInt(4) == 0) {
      attributes.setMetadataContext(randomMetadata());
    }
    if (random.nextInt(6) == 0) {
      attributes.setRouteMetadataContext(randomMetadata());
    }
    if (random.nextBoolean()) {
      attributes.getTlsSessionBuilder().setSni(word());
    }
    return CheckRequest.newBuilder().setAttributes(attributes).build();
  }

  private AttributeContext.Peer randomPeer() {
    AttributeContext.Peer.Builder peer = AttributeContext.Peer.newBuilder();
    switch (random.nextInt(4)) {
      case 0 ->
          peer.setAddress(
              Address.newBuilder()
                  .setSocketAddress(
                      SocketAddress.newBuilder()
                          .setAddress(word())
                          .setPortValue(random.nextInt(70_000))
                          .setResolverName(random.nextBoolean() ? word() : "")
                          .setIpv4Compat(random.nextBoolean())));
      case 1 -> peer.setAddress(Address.newBuilder().setPipe(Pipe.newBuilder().setPath(word())));
      case 2 ->
          peer.setAddress(
              Address.newBuilder()
                  .setEnvoyInternalAddress(
                      EnvoyInternalAddress.newBuilder().setServerListenerName(word())));
      default -> {}
    }
    if (random.nextBoolean()) {
      peer.setPrincipal("spiffe://cluster.local/ns/" + word() + "/sa/" + word());
    }
    if (random.nextInt(4) == 0) {
      peer.setCertificate(word());
    }
    if (random.nextInt(4) == 0) {
      peer.setService(word()).putLabels(word(), word());
    }
    return peer.build();
  }

  private AttributeContext.Request randomRequestAttributes() {
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder();
    if (random.nextInt(8) > 0) {
      http.setMethod(random.nextBoolean() ? "GET" : word());
    }
    if (random.nextInt(8) > 0) {
      http.setPath("/" + word() + (random.nextBoolean() ? "?" + word() : ""));
    }
    http.setHost(word()).setScheme(random.nextBoolean() ? "https" : "").setProtocol("HTTP/2");
    http.setId(word()).setSize(random.nextInt(1000)).setQuery(word()).setFragment(word());
    for (int i = random.nextInt(8); i > 0; i--) {
      http.putHeaders(random.nextInt(5) == 0 ? "X-" + word() : word(), word());
    }
    if (random.nextInt(5) == 0) {
      http.putHeaders(CheckRequestMapper.PARTIAL_BODY_HEADER, random.nextBoolean() ? "true" : "no");
    }
    if (random.nextInt(4) == 0) {
      HeaderMap.Builder map = HeaderMap.newBuilder();
      for (int i = random.nextInt(4); i > 0; i--) {
        HeaderValue.Builder h =
            HeaderValue.newBuilder().setKey(random.nextBoolean() ? "a" : word());
        if (random.nextBoolean()) {
          h.setRawValue(ByteString.copyFrom(new byte[] {'r', (byte) 0xFF, 'w'}));
        } else {
          h.setValue(word());
        }
        map.addHeaders(h);
      }
      http.setHeaderMap(map);
    }
    switch (random.nextInt(3)) {
      case 0 -> http.setBody(word());
      case 1 -> http.setRawBody(utf8("{\"" + word().replace(MARK, "") + "\":1}")); // bytes
      default -> {}
    }
    AttributeContext.Request.Builder request = AttributeContext.Request.newBuilder().setHttp(http);
    if (random.nextBoolean()) {
      request.setTime(
          Timestamp.newBuilder()
              .setSeconds(random.nextInt(Integer.MAX_VALUE))
              .setNanos(random.nextInt(1_000_000_000)));
    }
    return request.build();
  }

  private Metadata randomMetadata() {
    return Metadata.newBuilder()
        .putFilterMetadata(
            word(),
            Struct.newBuilder()
                .putFields(word(), Value.newBuilder().setStringValue(word()).build())
                .build())
        .build();
  }

  /** A short random word for a string field; about one in four carries {@link #MARK}. */
  private String word() {
    StringBuilder b = new StringBuilder();
    for (int i = 1 + random.nextInt(6); i > 0; i--) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    if (random.nextInt(4) == 0) {
      b.insert(random.nextInt(b.length() + 1), MARK);
    }
    return b.toString();
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '~' && bytes[i + 1] == '~') {
        return i;
      }
    }
    return -1;
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
