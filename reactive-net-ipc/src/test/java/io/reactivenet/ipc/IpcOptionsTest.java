package io.reactivenet.ipc;

import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import io.reactivenet.Transport;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
    }

    @Test
    void peerCredentialsKnowWhatTheyKnow() {
        assertThat(new PeerCredentials(1, 2, 3, null, null).hasIds()).isTrue();
        assertThat(new PeerCredentials(PeerCredentials.UNKNOWN, PeerCredentials.UNKNOWN, PeerCredentials.UNKNOWN,
                "u", "g").hasIds()).isFalse();
    }
}
