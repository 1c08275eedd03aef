package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.ProcessRef;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node's socket.ref()/unref() on a Unix socket: the same per-socket hold as TCP (the socket is shared). */
class IpcRefIT {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aConnectedUnixSocketStartsRefdAndUnrefGivesTheHoldBackOnce() {
        ListeningServer server = Ipc.createServer(s -> s.inbound().then())
                .listen(IpcListenOptions.path(dir.resolve("ref.sock"))).block(T);
        try {
            int before = ProcessRef.refs();
            NetSocket socket = Ipc.connect(dir.resolve("ref.sock")).block(T);
            assertThat(ProcessRef.refs()).isEqualTo(before + 1);
            assertThat(socket.unref().unref()).isSameAs(socket);
            assertThat(ProcessRef.refs()).isEqualTo(before);
            socket.ref();
            socket.destroy();
            socket.onClose().block(T);
            assertThat(ProcessRef.refs()).as("the close gives the hold back").isEqualTo(before);
        } finally {
            server.closeNow().block(T);
        }
    }
}
