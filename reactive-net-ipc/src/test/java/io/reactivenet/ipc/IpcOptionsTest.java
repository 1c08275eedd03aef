package io.reactivenet.ipc;

import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Immutable options with eager argument checks. */
class IpcOptionsTest {

    @Test
    void listenSettersReturnCopies() {
        IpcListenOptions base = IpcListenOptions.path("/tmp/a.sock");
        assertThat(base.readableAll(true)).isNotSameAs(base).extracting(IpcListenOptions::readableAll).isEqualTo(true);
        assertThat(base.readableAll()).isFalse();
        assertThat(base.writableAll(true).writableAll()).isTrue();
        assertThat(base.removeStale(true).removeStale()).isTrue();
        assertThat(base.backlog(7).backlog()).isEqualTo(7);
        assertThat(base.backlog()).isEqualTo(IpcListenOptions.DEFAULT_BACKLOG);
        assertThat(base.transport(Transport.NIO).transport()).isEqualTo(Transport.NIO);
        assertThat(base.transport()).isEqualTo(Transport.AUTO);
        assertThat(base.mode()).isNull();
        assertThat(base.isAbstract()).isFalse();
        assertThat(IpcListenOptions.path(Path.of("/tmp/a.sock"))).isEqualTo(base);
    }

    @Test
    void modeIsCopied() {
        Set<PosixFilePermission> mine = EnumSet.of(OWNER_READ);
        IpcListenOptions o = IpcListenOptions.path("/tmp/a.sock").mode(mine);
        mine.add(PosixFilePermission.OTHERS_WRITE);
        assertThat(o.mode()).containsExactly(OWNER_READ);
        assertThatThrownBy(() -> o.mode().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(o.mode(null).mode()).isNull();
    }

    @Test
    void badArgumentsFailEagerlyNamingTheValue() {
        assertThatThrownBy(() -> IpcListenOptions.path("")).isInstanceOf(NetArgumentException.class)
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo(NetArgumentException.ERR_INVALID_ARG_VALUE);
        assertThatThrownBy(() -> IpcListenOptions.path("/tmp/a\0b")).isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("/tmp/a\\0b");
        assertThatThrownBy(() -> IpcListenOptions.path("/tmp/a.sock").backlog(-1))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> IpcListenOptions.abstractName("")).isInstanceOf(NetArgumentException.class);
        assertThatThrownBy(() -> IpcListenOptions.abstractName("n".repeat(108)))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("108 bytes").hasMessageContaining("107");
        assertThat(IpcListenOptions.abstractName("n".repeat(107)).name()).hasSize(108);
        assertThatThrownBy(() -> IpcListenOptions.path((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("path");
        assertThatThrownBy(() -> IpcListenOptions.path("/tmp/a.sock").transport(null))
                .isInstanceOf(NullPointerException.class).hasMessage("transport");
    }

    @Test
    void aLeadingNulMeansAnAbstractNameAsInNode() {
        assertThat(IpcListenOptions.path("\0svc")).isEqualTo(IpcListenOptions.abstractName("svc"));
        assertThat(IpcListenOptions.path("\0svc").isAbstract()).isTrue();
        assertThat(IpcListenOptions.path("\0svc").toString()).contains("@svc");
        assertThat(IpcConnectOptions.path("\0svc").name()).isEqualTo("\0svc");
        assertThat(IpcConnectOptions.abstractName("svc").isAbstract()).isTrue();
    }

    @Test
    void connectSettersReturnCopies() {
        IpcConnectOptions base = IpcConnectOptions.path("/tmp/a.sock");
        IpcConnectOptions t = base.timeout(Duration.ofSeconds(3));
        assertThat(t).isNotSameAs(base);
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(base.timeout()).isEqualTo(Duration.ZERO);
        assertThat(base.allowHalfOpen(true).socket().allowHalfOpen()).isTrue();
        assertThat(base.transport(Transport.EPOLL).transport()).isEqualTo(Transport.EPOLL);
        assertThat(base.transport()).isEqualTo(Transport.AUTO);
        // The socket settings are the core's SocketOptions, embedded, not a fake ConnectOptions.
        SocketOptions socket = SocketOptions.defaults().highWaterMark(1024).idleTimeout(Duration.ofSeconds(1));
        IpcConnectOptions withSocket = base.socket(socket);
        assertThat(withSocket).isNotSameAs(base);
        assertThat(withSocket.socket()).isSameAs(socket);
        assertThat(base.socket()).isEqualTo(SocketOptions.defaults());
        assertThat(withSocket.allowHalfOpen(true).socket()).isEqualTo(socket.allowHalfOpen(true));
        assertThat(withSocket.timeout(Duration.ofSeconds(2)).socket()).isSameAs(socket);
        assertThat(IpcConnectOptions.path("/tmp/a.sock")).isEqualTo(base).hasSameHashCodeAs(base);
        assertThatThrownBy(() -> base.timeout(Duration.ofMillis(-1))).isInstanceOf(NetArgumentException.class)
                .hasMessage("The value of \"timeout\" is out of range. It must be >= 0. Received PT-0.001S");
        assertThatThrownBy(() -> base.socket(null)).isInstanceOf(NullPointerException.class).hasMessage("socket");
    }

    @Test
    void everyListenSetterLeavesTheOriginalUnchanged() {
        IpcListenOptions base = IpcListenOptions.path("/tmp/a.sock");
        IpcListenOptions changed = base.readableAll(true).writableAll(true).removeStale(true).backlog(3)
                .transport(Transport.EPOLL).mode(Set.of(OWNER_READ));
        assertThat(base).isEqualTo(IpcListenOptions.path("/tmp/a.sock"));
        assertThat(changed).isNotEqualTo(base);
        assertThat(changed.backlog(3)).isEqualTo(changed).isNotSameAs(changed);
    }

    @Test
    void ioUringDoesNotCarryUnixSocketsAndSaysSo() {
        // Whether or not the io_uring jar is present, a Unix socket on IO_URING fails with Node's code.
        StepVerifier.create(Ipc.connect(IpcConnectOptions.path("/tmp/none.sock").transport(Transport.IO_URING)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NetException.class)
                        .hasMessageContaining("IO_URING")
                        .extracting(x -> ((NetException) x).code())
                        .isEqualTo(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void peerCredentialsKnowWhatTheyKnow() {
        assertThat(new PeerCredentials(1, 2, 3, null, null).hasIds()).isTrue();
        assertThat(new PeerCredentials(PeerCredentials.UNKNOWN, PeerCredentials.UNKNOWN, PeerCredentials.UNKNOWN,
                "u", "g").hasIds()).isFalse();
    }
}
