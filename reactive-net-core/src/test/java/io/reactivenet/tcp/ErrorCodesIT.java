package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The codes of real socket failures, on both transports: NIO (whose exceptions carry only
 * {@code strerror} text) and epoll (whose exceptions carry the errno). Run the suite under another
 * locale ({@code LC_ALL=de_DE.UTF-8}) and the codes stay the same.
 */
class ErrorCodesIT {

    static final Duration T = Duration.ofSeconds(10);
    static final NetLoops NIO_LOOPS = NetLoops.create("errors-nio", 1, io.reactivenet.Transport.NIO);
    static final NetLoops EPOLL_LOOPS = NetLoops.create("errors-epoll", 1, io.reactivenet.Transport.EPOLL);

    enum Transport {
        NIO, EPOLL;

        NetLoops loops() {
            if (this == EPOLL) {
                Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
                return EPOLL_LOOPS;
            }
            return NIO_LOOPS;
        }
    }

    @AfterAll
    static void close() {
        NIO_LOOPS.disposeLater().block(T);
        EPOLL_LOOPS.disposeLater().block(T);
    }

    static NetException net(Throwable e) {
        assertThat(e).isInstanceOf(NetException.class);
        return (NetException) e;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectToABoundPortNobodyListensOnIsRefused(Transport transport) throws IOException {
        // A bound socket that does not listen holds the port: the kernel answers SYNs with RST.
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = holder.getLocalPort();
            StepVerifier.create(Net.connect(ConnectOptions.to("127.0.0.1", port).loops(transport.loops())))
                    .expectErrorSatisfies(e -> {
                        assertThat(net(e).code()).isEqualTo("ECONNREFUSED");
                        assertThat(e).hasMessage("connect ECONNREFUSED 127.0.0.1:" + port);
                    })
                    .verify(T);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void listenOnAPortInUseIsEaddrinuse(Transport transport) throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StepVerifier.create(Net.createServer(ServerOptions.defaults().loops(transport.loops()), s -> Mono.never())
                            .listen(holder.getLocalPort(), "127.0.0.1"))
                    .expectErrorSatisfies(e -> {
                        assertThat(net(e).code()).isEqualTo("EADDRINUSE");
                        assertThat(net(e).syscall()).isEqualTo("listen");
                    })
                    .verify(T);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aResetByThePeerWhileReadingIsEconnreset(Transport transport) throws IOException {
        CompletableFuture<Throwable> inboundError = new CompletableFuture<>();
        ListeningServer server = Net.createServer(ServerOptions.defaults().loops(transport.loops()),
                        s -> s.inbound().then().onErrorResume(e -> {
                            inboundError.complete(e);
                            return Mono.empty();
                        }))
                .listen(0, "127.0.0.1").block(T);
        try (Socket client = new Socket("127.0.0.1", server.address().port())) {
            client.getOutputStream().write(1);
            client.setSoLinger(true, 0);
        } finally {
            try {
                NetException e = net(inboundError.get(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
                assertThat(e.code()).isEqualTo("ECONNRESET");
                assertThat(e.syscall()).isEqualTo("read");
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                server.closeNow().block(T);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void writesAfterThePeerResetFailWithEpipeOrEconnreset(Transport transport) throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return raw.accept();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            NetSocket socket = Net.connect(ConnectOptions.to("127.0.0.1", raw.getLocalPort()).loops(transport.loops()))
                    .block(T);
            // Reset only once our connect completed (a reset during the handshake is a connect error).
            try (Socket peer = accepted.get(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                peer.setSoLinger(true, 0);
            }
            // We do not read. Each write completes once in the kernel, so writing on until one fails
            // needs no guess at when the RST arrived. NIO reports the reset on that write; epoll
            // wakes up for the socket's error even while we do not read, reads ECONNRESET and closes
            // the socket, so the write then finds it closed and the close event carries the reset.
            Throwable error = Flux.range(0, 10_000).concatMap(i -> socket.write(new byte[] {1}))
                    .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(T);
            NetException n = net(error);
            if (!n.code().equals(NetException.ERR_SOCKET_CLOSED)) {
                assertThat(n.code()).isIn("EPIPE", "ECONNRESET");
                assertThat(n.syscall()).isEqualTo("write");
            } else {
                NetException closeError = net(socket.onClose().block(T).error());
                assertThat(closeError.code()).isEqualTo("ECONNRESET");
                assertThat(closeError.syscall()).isEqualTo("read");
            }
            socket.destroy();
        }
    }
}
