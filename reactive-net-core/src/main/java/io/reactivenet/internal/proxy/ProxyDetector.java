package io.reactivenet.internal.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * AUTO mode's first handler: looks at the first bytes only. A header's signature puts Netty's
 * decoder in its place (the bytes already read go to it, as Netty's {@code OptionalSslHandler}
 * does); anything else tells the gate "no header" and leaves, passing the bytes on untouched.
 * Event loop only.
 */
final class ProxyDetector extends ByteToMessageDecoder {

    /** The user event a {@link ProxyGate} reads as "this connection has no header". */
    static final Object NO_HEADER = new Object() {
        @Override
        public String toString() {
            return "NO_PROXY_HEADER";
        }
    };

    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionState state = detect(in);
        if (state == ProtocolDetectionState.DETECTED) {
            ctx.pipeline().replace(this, ProxyProtocols.DECODER, ProxyProtocols.decoder());
        } else if (state == ProtocolDetectionState.INVALID) {
            ctx.fireUserEventTriggered(NO_HEADER);
            ctx.pipeline().remove(this);
        }
        // NEEDS_MORE_DATA: ByteToMessageDecoder asks for another read (auto-read is off).
    }

    /**
     * Netty's {@code detectProtocol} waits for 12 bytes before it answers, so a direct client's
     * short first message ("hi\n") would wait for the header timeout: we answer INVALID as soon as
     * the bytes so far cannot start either signature.
     */
    static ProtocolDetectionState detect(ByteBuf in) {
        boolean v1 = startsLike(in, V1);
        boolean v2 = startsLike(in, V2);
        if (!v1 && !v2) {
            return ProtocolDetectionState.INVALID;
        }
        if ((v1 && in.readableBytes() >= V1.length) || (v2 && in.readableBytes() >= V2.length)) {
            return ProtocolDetectionState.DETECTED;
        }
        return ProtocolDetectionState.NEEDS_MORE_DATA;
    }

    private static boolean startsLike(ByteBuf in, byte[] signature) {
        int n = Math.min(in.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
