package io.reactivenet.internal.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Netty's PROXY header decoder behind a check of a v2 header's TLVs. Netty (4.2.17) parses the TLVs
 * into retained slices of the header and, when one is malformed (a length past its parent's end, an
 * SSL TLV shorter than its 5 fixed bytes, or nested too deep), throws without releasing the slices
 * it made: the header's buffer leaks, once per connection, and in AUTO mode any client can send such
 * a header. Found by {@code ProxyHeaderJazzerTest}. We walk the TLVs first, as Netty would read
 * them, and refuse a malformed area before Netty retains anything; a well-formed header goes to
 * Netty untouched. Event loop only, one per channel.
 */
final class CheckedProxyDecoder extends HAProxyMessageDecoder {

    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int SSL = 0x20;
    /** The SSL TLV's fixed part: client (1 byte) and verify (4 bytes), then its sub-TLVs. */
    private static final int SSL_FIXED = 5;

    /** Set once the first header (or the absence of a v2 one) has been looked at: later bytes are payload. */
    private boolean checked;
    /** Set when the header was refused: whatever else arrives is dropped, never handed to Netty. */
    private boolean refused;

    @Override
    protected void callDecode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            // Also on channelInactive, when ByteToMessageDecoder decodes what is left one last time.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!checked) {
            String problem = problem(in);
            if (problem != null) {
                refused = true;
                in.skipBytes(in.readableBytes()); // nothing left to cumulate: the decoder releases it
                throw new HAProxyProtocolException(problem);
            }
        }
        super.callDecode(ctx, in, out);
    }

    /** Why the v2 header at the start of {@code in} must be refused, null if not (or not yet known). */
    private @Nullable String problem(ByteBuf in) {
        int at = in.readerIndex();
        int n = in.readableBytes();
        for (int i = 0; i < Math.min(n, V2.length); i++) {
            if (in.getByte(at + i) != V2[i]) {
                checked = true; // not a v2 header: Netty's own checks are enough
                return null;
            }
        }
        if (n < 16) {
            return null;
        }
        int length = in.getUnsignedShort(at + 14);
        if (n < 16 + length) {
            return null;
        }
        checked = true;
        int addresses = switch ((in.getUnsignedByte(at + 13) >> 4) & 0x0f) {
            case 1 -> 12;  // AF_INET: two addresses, two ports
            case 2 -> 36;  // AF_INET6
            case 3 -> 216; // AF_UNIX: two 108-byte paths
            default -> -1; // AF_UNSPEC or invalid: Netty reads no TLVs
        };
        if (addresses < 0 || length < addresses) {
            return null; // Netty refuses or ignores these before any TLV
        }
        return tlvs(in, at + 16 + addresses, at + 16 + length, 0);
    }

    /** Walks TLVs in {@code [from, to)} as Netty reads them: a TLV needs 4 bytes left to be read at all. */
    private static @Nullable String tlvs(ByteBuf in, int from, int to, int depth) {
        int i = from;
        while (to - i >= 4) {
            int type = in.getUnsignedByte(i);
            int length = in.getUnsignedShort(i + 1);
            i += 3;
            if (length > to - i) {
                return "Invalid PROXY v2 TLV 0x" + Integer.toHexString(type) + ": length " + length + " but " + (to - i)
                        + " bytes left";
            }
            if (type == SSL) {
                if (depth > 0) {
                    return "Invalid PROXY v2 TLV: an SSL TLV inside an SSL TLV";
                }
                if (length < SSL_FIXED) {
                    return "Invalid PROXY v2 SSL TLV: length " + length + " (at least " + SSL_FIXED + ")";
                }
                String inner = tlvs(in, i + SSL_FIXED, i + length, depth + 1);
                if (inner != null) {
                    return inner;
                }
            }
            i += length;
        }
        return null;
    }
}
