package io.reactivenet.internal.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.ProtocolDetectionState;

/** Opens the package-private detection to tests in other packages. */
public final class ProxyDetectorProbe {

    private ProxyDetectorProbe() {
    }

    public static ProtocolDetectionState detect(ByteBuf in) {
        return ProxyDetector.detect(in);
    }
}
