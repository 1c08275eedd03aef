package io.reactivenet.ipc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.NetException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/**
 * Node's codes for what each transport throws. EACCES cannot be provoked for real here (the tests
 * run as root, which ignores file modes; PermissionsAndCredentialsIT shows the kernel refusing a
 * node client running as another user), so its mapping is checked on the exceptions themselves.
 */
class IpcErrorsTest {

    @Test
    void epollsBareFileNotFoundIsEnoent() {
        NetException e = IpcEndpoints.translate(new FileNotFoundException(), "connect", "/tmp/x.sock");
        assertThat(e.code()).isEqualTo(NetException.ENOENT);
        assertThat(e).hasMessage("connect ENOENT /tmp/x.sock");
        assertThat(e.address()).isEqualTo("/tmp/x.sock");
        assertThat(e.port()).isEqualTo(-1);
    }

    @Test
    void permissionDeniedIsEacces() {
        assertThat(IpcEndpoints.translate(new SocketException("Permission denied"), "connect", "/s").code())
                .isEqualTo(NetException.EACCES);
        assertThat(IpcEndpoints.translate(new AccessDeniedException("/s"), "listen", "/s").code())
                .isEqualTo(NetException.EACCES);
        // Netty's native message style
        assertThat(IpcEndpoints.translate(new ConnectException("connect(..) failed: Permission denied"), "connect", "/s")
                .code()).isEqualTo(NetException.EACCES);
    }

    @Test
    void refusedIsEconnrefusedAndNetExceptionsPassThrough() {
        assertThat(IpcEndpoints.translate(new ConnectException("Connection refused"), "connect", "/s").code())
                .isEqualTo(NetException.ECONNREFUSED);
        NetException mine = new NetException(NetException.EADDRINUSE, "listen EADDRINUSE /s");
        assertThat(IpcEndpoints.translate(mine, "listen", "/s")).isSameAs(mine);
    }

    @Test
    void anUnknownWrappedFileNotFoundIsRemappedToEnoent() {
        NetException unknown = new NetException("EUNKNOWN", "listen EUNKNOWN /s", "listen", "/s", -1,
                new FileNotFoundException());
        NetException e = IpcEndpoints.translate(unknown, "listen", "/s");
        assertThat(e.code()).isEqualTo(NetException.ENOENT);
        assertThat(e.getCause()).isInstanceOf(FileNotFoundException.class);
    }
}
