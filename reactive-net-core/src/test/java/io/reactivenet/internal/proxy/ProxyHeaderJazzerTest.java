package io.reactivenet.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.reactivenet.NetException;
import io.reactivenet.SocketAddress;
import io.reactivenet.proxy.ProxyHeader;
import io.reactivenet.proxy.ProxyProtocol;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Coverage-guided fuzzing of the PROXY protocol header path (the AUTO detector, Netty's v1/v2
 * decoder, our {@link ProxyGate} and its conversion to a {@link ProxyHeader}) with Jazzer, on an
 * {@link EmbeddedChannel}: the bytes, cut into fuzzed chunks, arrive as reads of an accepted
 * connection, then the header timeout passes. The build replays the corpus, {@code
 * src/test/resources/io/reactivenet/internal/proxy/ProxyHeaderJazzerTestInputs/<method>/}; to fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl reactive-net-core surefire:test@jazzer-regression
 * -Dtest='ProxyHeaderJazzerTest#header'}. What must hold for any bytes, in ON and AUTO mode:
 * <ul>
 *   <li>the connection ends in exactly one of: admitted with a header, admitted as direct (AUTO
 *       only, with a null header), or closed and reported with {@code ERR_PROXY_PROTOCOL}; never
 *       still waiting once the timeout has passed, never another exception;</li>
 *   <li>admitted with a header: the handler sees the channel active before any byte, then exactly
 *       the bytes after the header; the header's addresses are those the bytes spell (v1 text, v2
 *       binary), or none for LOCAL and UNKNOWN;</li>
 *   <li>admitted as direct: the handler sees every byte, untouched;</li>
 *   <li>closed: the handler sees nothing;</li>
 *   <li>every buffer is released (each chunk's reference count is 0 at the end; LeakGuard at
 *       PARANOID catches the decoder's own buffers).</li>
 * </ul>
 */
class ProxyHeaderJazzerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final String[] V1_HEADS = {"TCP4 ", "TCP6 ", "UNKNOWN", "UNKNOWN ", "TCP4 1.2.3.4 5.6.7.8 ", ""};

    /** What the handler behind the gate saw. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        boolean active;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                if (!active) {
                    errors.add(new AssertionError("a read before channelActive"));
                }
                bytes.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    /** The server's side: records the verdict. */
    private static final class Verdict implements Admission {
        final boolean refuse;
        int admitted;
        @Nullable ProxyHeader header;
        final List<NetException> rejected = new ArrayList<>();

        Verdict(boolean refuse) {
            this.refuse = refuse;
        }

        @Override
        public boolean admit(Channel channel, @Nullable ProxyHeader h) {
            admitted++;
            header = h;
            if (refuse) {
                channel.close(); // as the server does for a blocked client or one past maxConnections
            }
            return !refuse;
        }

        @Override
        public void rejected(NetException error) {
            rejected.add(error);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void header(FuzzedDataProvider data) {
        ProxyProtocol mode = data.consumeBoolean() ? ProxyProtocol.ON : ProxyProtocol.AUTO;
        boolean refuse = data.consumeInt(0, 7) == 0;
        int[] cuts = new int[data.consumeInt(0, 6)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 300);
        }
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        switch (data.consumeInt(0, 3)) {
            case 0 -> {
                in.writeBytes(V1);
                in.writeBytes(data.pickValue(V1_HEADS).getBytes(StandardCharsets.US_ASCII));
            }
            case 1 -> in.writeBytes(V2);
            default -> { }
        }
        in.writeBytes(data.consumeRemainingAsBytes());
        byte[] input = in.toByteArray();
        verify(mode, refuse, input, cuts);
    }

    static void verify(ProxyProtocol mode, boolean refuse, byte[] input, int[] cuts) {
        String where = mode + (refuse ? ", refused" : "") + ", cuts " + Arrays.toString(cuts) + ", bytes "
                + HexFormat.of().formatHex(input);
        Sink sink = new Sink();
        Verdict verdict = new Verdict(refuse);
        EmbeddedChannel channel = new EmbeddedChannel(); // registered and active at once, as accepted
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(sink);
        ProxyProtocols.install(channel, mode, TIMEOUT, verdict);
        // A real channel becomes active after the server installs its handlers; this one already is.
        channel.pipeline().fireChannelActive();

        List<ByteBuf> chunks = new ArrayList<>();
        int at = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? Math.min(input.length, at + cuts[i]) : input.length;
            if (end > at) { // a socket never reads nothing (and Netty's empty buffer has no reference count)
                chunks.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, at, end)));
            }
            at = end;
        }
        try {
            for (ByteBuf chunk : chunks) {
                if (channel.isOpen()) {
                    channel.writeInbound(chunk); // rethrows what reached the tail
                } else {
                    chunk.release(); // the peer's bytes after the close never arrive
                }
            }
            channel.advanceTimeBy(TIMEOUT.toMillis() + 1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
        } catch (RuntimeException e) {
            throw new AssertionError("an exception escaped the PROXY handlers, " + where, e);
        } finally {
            channel.finishAndReleaseAll();
        }

        for (ByteBuf chunk : chunks) {
            assertThat(chunk.refCnt()).as("chunk released, %s", where).isZero();
        }
        assertThat(sink.errors).as("errors behind the gate, %s", where).isEmpty();
        assertThat(verdict.admitted + verdict.rejected.size()).as("one verdict, %s", where).isEqualTo(1);
        if (!verdict.rejected.isEmpty()) {
            assertThat(verdict.rejected.get(0).code()).as(where).isEqualTo(ProxyProtocols.ERR_PROXY_PROTOCOL);
            assertThat(sink.active).as("handler active after a bad header, %s", where).isFalse();
            assertThat(sink.bytes.size()).as(where).isZero();
            return;
        }
        if (refuse) {
            assertThat(sink.active).as(where).isFalse();
            assertThat(sink.bytes.size()).as(where).isZero();
            return;
        }
        assertThat(sink.active).as("handler active, %s", where).isTrue();
        byte[] got = sink.bytes.toByteArray();
        ProxyHeader header = verdict.header;
        if (header == null) {
            assertThat(mode).as("a direct connection, %s", where).isEqualTo(ProxyProtocol.AUTO);
            assertThat(got).as("a direct connection's bytes untouched, %s", where).isEqualTo(input);
            return;
        }
        int length = headerLength(input, header.version());
        assertThat(got).as("the bytes after the header, %s", where)
                .isEqualTo(Arrays.copyOfRange(input, length, input.length));
        Expected e = header.version() == 1 ? v1(input, length) : v2(input);
        assertThat(header.source()).as("source, %s", where).isEqualTo(e.source);
        assertThat(header.destination()).as("destination, %s", where).isEqualTo(e.destination);
        assertThat(header.balancer()).as(where).isNull(); // an embedded channel has no IP peer
    }

    private record Expected(@Nullable SocketAddress source, @Nullable SocketAddress destination) {
    }

    private static int headerLength(byte[] in, int version) {
        if (version == 2) {
            return 16 + ((in[14] & 0xff) << 8 | (in[15] & 0xff));
        }
        for (int i = 0; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i + 2;
            }
        }
        throw new AssertionError("a v1 header without CRLF was accepted");
    }

    /** The v1 line's addresses: {@code PROXY TCP4|TCP6 src dst sport dport}, or none for UNKNOWN. */
    private static Expected v1(byte[] in, int length) {
        String[] f = new String(in, 0, length - 2, StandardCharsets.US_ASCII).split(" ");
        if (f[1].equals("UNKNOWN")) {
            return new Expected(null, null);
        }
        return new Expected(SocketAddress.of(f[2], Integer.parseInt(f[4])), SocketAddress.of(f[3], Integer.parseInt(f[5])));
    }

    /** The v2 block's addresses: PROXY command, INET or INET6 over STREAM or DGRAM; else none. */
    private static Expected v2(byte[] in) {
        int command = in[12] & 0x0f;
        int family = (in[13] & 0xff) >> 4;
        int transport = in[13] & 0x0f;
        if (command != 1 || (family != 1 && family != 2) || (transport != 1 && transport != 2)) {
            return new Expected(null, null);
        }
        int n = family == 1 ? 4 : 16;
        int ports = 16 + 2 * n;
        return new Expected(address(in, 16, n, ports), address(in, 16 + n, n, ports + 2));
    }

    private static SocketAddress address(byte[] in, int from, int n, int portAt) {
        byte[] ip = Arrays.copyOfRange(in, from, from + n);
        int port = (in[portAt] & 0xff) << 8 | (in[portAt + 1] & 0xff);
        try {
            // Inet6Address keeps an IPv4-mapped address IPv6, as the header spells it.
            InetAddress a = n == 4 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, null);
            return SocketAddress.from(a, port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
