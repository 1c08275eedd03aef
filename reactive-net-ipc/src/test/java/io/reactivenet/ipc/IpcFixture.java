package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Unix domain sockets as a contract-test transport: a fresh socket file per server in a test's temp dir. */
final class IpcFixture implements TransportFixture {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Supplier<Path> dir;
    private final Transport transport;

    IpcFixture(Supplier<Path> dir, Transport transport) {
        this.dir = dir;
        this.transport = transport;
    }

    @Override
    public String name() {
        return "unix " + transport;
    }

    @Override
    public Mono<ListeningServer> listen(ServerOptions options,
            Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        Path file = dir.get().resolve("s" + COUNTER.incrementAndGet() + ".sock");
        return Ipc.createServer(options, handler).listen(IpcListenOptions.path(file).transport(transport));
    }

    @Override
    public Mono<NetSocket> connect(ListeningServer server, ConnectOptions base) {
        return Ipc.connect(IpcConnectOptions.path(server.path()).transport(transport).timeout(base.timeout())
                .socket(base.socket()));
    }

    @Override
    public boolean tcp() {
        return false;
    }

    @Override
    public String toString() {
        return name();
    }

    /** Fails if any file is left in {@code dir}: every server must remove its socket file on close. */
    static void assertNoSocketFileLeft(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> left = files.toList();
            assertThat(left).as("socket files left behind in %s", dir).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
