package io.reactivenet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.NetException;
import io.reactivenet.Transport;
import org.junit.jupiter.api.Test;

/** Where SO_REUSEPORT cannot apply, the listen fails with ERR_FEATURE_UNAVAILABLE_ON_PLATFORM instead of binding alone. */
class ReusePortTest {

    @Test
    void unixSocketsCannotReusePort() {
        for (Transport t : new Transport[] {Transport.NIO, Transport.EPOLL}) {
            NetException e = ReusePort.unavailable(t, true);
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM);
            assertThat(e.getMessage()).contains("Unix domain sockets");
        }
    }

    @Test
    void tcpOnLinuxCanOnEveryTransport() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(ReusePort.unavailable(Transport.NIO, false)).isNull();
            assertThat(ReusePort.unavailable(Transport.EPOLL, false)).isNull();
        }
    }
}
