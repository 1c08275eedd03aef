package io.reactivenet.internal;

import io.netty.channel.unix.DomainSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.jspecify.annotations.Nullable;

/** Unix domain socket addresses come in two types (JDK for NIO, Netty for epoll): this reads both. */
public final class DomainAddresses {
    private DomainAddresses() {
    }

    /** The path of a JDK or Netty domain socket address, or null for anything else. */
    public static @Nullable String pathOf(@Nullable Object address) {
        if (address instanceof UnixDomainSocketAddress u) {
            return u.getPath().toString();
        }
        if (address instanceof DomainSocketAddress d) {
            return d.path();
        }
        return null;
    }
}
