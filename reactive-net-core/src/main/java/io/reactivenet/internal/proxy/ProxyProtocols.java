package io.reactivenet.internal.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.reactivenet.proxy.ProxyProtocol;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The server's one call into the PROXY protocol: puts the decoder (ON) or the detector (AUTO) and
 * the {@link ProxyGate} at the head of an accepted channel's pipeline, at init, before it is active.
 */
public final class ProxyProtocols {

    /** The error code of a connection closed for its header: malformed, or not in time. */
    public static final String ERR_PROXY_PROTOCOL = ProxyProtocol.ERR_PROXY_PROTOCOL;

    static final String GATE = "reactivenet.proxy.gate";
    static final String DECODER = "reactivenet.proxy.decoder";
    static final String DETECTOR = "reactivenet.proxy.detector";

    private ProxyProtocols() {
    }

    /**
     * Installs the header handling on {@code channel}; {@code admission} is called once the header
     * is known (or, in AUTO, its absence) and decides whether the connection reaches the handler.
     */
    public static void install(Channel channel, ProxyProtocol mode, Duration timeout, Admission admission) {
        if (mode == ProxyProtocol.OFF) {
            throw new IllegalArgumentException("mode OFF has nothing to install");
        }
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addFirst(GATE, new ProxyGate(mode, timeout, admission));
        if (mode == ProxyProtocol.ON) {
            pipeline.addFirst(DECODER, decoder());
        } else {
            pipeline.addFirst(DETECTOR, new ProxyDetector());
        }
    }

    /**
     * Where TLS goes on a channel being admitted: after the gate (so after the header's decoder,
     * which hands the bytes that follow the header on to it), or null without PROXY handlers.
     */
    public static @Nullable String tlsGoesAfter(ChannelPipeline pipeline) {
        return pipeline.get(GATE) != null ? GATE : null;
    }

    /**
     * Netty's decoder, v1 and v2 (we expose none of the TLVs), behind a check that refuses a
     * malformed v2 TLV area before Netty parses it into buffers it would leak ({@link CheckedProxyDecoder}).
     */
    static HAProxyMessageDecoder decoder() {
        return new CheckedProxyDecoder();
    }
}
