package dev.celador.extauthz.grpc;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes as the body of an ext_authz {@code Check} call. Contract ({@link DecoderOracle}): the
 * decoder throws only {@code InvalidProtocolBufferException} (exactly when protobuf rejects the
 * bytes) or {@code InvalidRequestException} (no HTTP request), and otherwise maps the request
 * exactly as the message protobuf parses would be mapped, raw {@code object} included.
 *
 * <p>Seeds: {@code CheckRequestDecoderFuzzTestInputs/decode_anyBytes_agreesWithProtobuf/}, the
 * golden requests of the conformance tests and the CLI in wire form, and hostile ones.
 */
class CheckRequestDecoderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decode_anyBytes_agreesWithProtobuf(byte[] input) {
    DecoderOracle.assertSameOutcome(input);
  }
}
