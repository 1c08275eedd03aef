package io.reactivenet.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The TLV check in front of Netty's PROXY decoder: well-formed TLVs pass, a malformed area is refused without a leak. */
class CheckedProxyDecoderTest {

    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** A v2 PROXY TCP4 header 10.0.0.1:56324 -> 10.0.0.2:443 with {@code tlvs} after the addresses. */
    private static byte[] header(byte[] tlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(0x21);
        out.write(0x11);
        int length = 12 + tlvs.length;
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(new byte[] {10, 0, 0, 1, 10, 0, 0, 2, (byte) 0xdc, 0x04, 0x01, (byte) 0xbb});
        out.writeBytes(tlvs);
        return out.toByteArray();
    }

    private static byte[] tlv(int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void wellFormedTlvsAsBalancersSendThemPassToNetty() {
        // HAProxy's send-proxy-v2-ssl: client, verify, then version and CN sub-TLVs; an AWS NLB's 0xEA.
        byte[] ssl = tlv(0x20, concat(new byte[] {0x07, 0, 0, 0, 0},
                tlv(0x21, "TLSv1.3".getBytes(StandardCharsets.US_ASCII)),
                tlv(0x22, "client.example".getBytes(StandardCharsets.US_ASCII))));
        byte[] aws = tlv(0xEA, concat(new byte[] {0x01}, "vpce-0123".getBytes(StandardCharsets.US_ASCII)));
        ByteBuf in = Unpooled.wrappedBuffer(concat(header(concat(ssl, aws)), "payload".getBytes(StandardCharsets.US_ASCII)));
        EmbeddedChannel channel = new EmbeddedChannel(ProxyProtocols.decoder());
        channel.writeInbound(in);
        HAProxyMessage message = channel.readInbound();
        try {
            assertThat(message.sourceAddress()).isEqualTo("10.0.0.1");
            assertThat(message.tlvs()).extracting(HAProxyTLV::type).contains(HAProxyTLV.Type.PP2_TYPE_SSL,
                    HAProxyTLV.Type.PP2_TYPE_SSL_VERSION, HAProxyTLV.Type.PP2_TYPE_SSL_CN);
        } finally {
            message.release();
        }
        ByteBuf payload = channel.readInbound();
        assertThat(payload.toString(StandardCharsets.US_ASCII)).isEqualTo("payload");
        payload.release();
        channel.finishAndReleaseAll();
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void malformedTlvsAreRefusedBeforeNettyRetainsAnything() {
        byte[][] bad = {
            tlv(0x20, concat(new byte[] {0, 0, 0, 0, 0}, tlv(0x20, new byte[] {0, 0, 0, 0, 0}))), // SSL in SSL (the finding)
            tlv(0x20, new byte[] {0, 0, 0}),                                                      // SSL shorter than 5 bytes
            concat(tlv(0x04, new byte[] {1, 2}), new byte[] {0x05, 0x10, 0x00, 1, 2}),            // a length past the end
            tlv(0x20, concat(new byte[] {0, 0, 0, 0, 0}, new byte[] {0x21, 0x7f, 0x00, 'x'})),     // a sub-TLV past its parent
        };
        for (byte[] tlvs : bad) {
            ByteBuf in = Unpooled.wrappedBuffer(header(tlvs));
            EmbeddedChannel channel = new EmbeddedChannel(ProxyProtocols.decoder());
            assertThatThrownBy(() -> channel.writeInbound(in)).isInstanceOf(HAProxyProtocolException.class)
                    .hasMessageContaining("Invalid PROXY v2");
            assertThat((Object) channel.readInbound()).isNull();
            channel.finishAndReleaseAll();
            assertThat(in.refCnt()).as("the header's buffer released").isZero();
        }
    }
}
