package io.reactivenet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.ProtocolDetectionState;
import io.reactivenet.internal.proxy.ProxyDetectorProbe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** AUTO's detection answers as soon as the first bytes rule a header out, not after 12 bytes. */
class ProxyDetectorTest {

    static ProtocolDetectionState detect(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return ProxyDetectorProbe.detect(buf);
        } finally {
            buf.release();
        }
    }

    static ProtocolDetectionState detect(String ascii) {
        return detect(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shortDirectMessagesAreNotHeaders() {
        assertThat(detect("hi\n")).isEqualTo(ProtocolDetectionState.INVALID);
        assertThat(detect("PROXX")).isEqualTo(ProtocolDetectionState.INVALID);
        assertThat(detect("\r\n\r\nX")).isEqualTo(ProtocolDetectionState.INVALID);
    }

    @Test
    void prefixesOfASignatureWaitForMore() {
        assertThat(detect("")).isEqualTo(ProtocolDetectionState.NEEDS_MORE_DATA);
        assertThat(detect("PROX")).isEqualTo(ProtocolDetectionState.NEEDS_MORE_DATA);
        assertThat(detect("\r\n\r\n\0\r\nQU")).isEqualTo(ProtocolDetectionState.NEEDS_MORE_DATA);
    }

    @Test
    void fullSignaturesAreDetected() {
        assertThat(detect("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n")).isEqualTo(ProtocolDetectionState.DETECTED);
        assertThat(detect("\r\n\r\n\0\r\nQUIT\n!")).isEqualTo(ProtocolDetectionState.DETECTED);
    }
}
