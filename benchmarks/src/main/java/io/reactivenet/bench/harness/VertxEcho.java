package io.reactivenet.bench.harness;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * The Vert.x servers of the harness, written the way a Vert.x user writes them: a {@link NetServer}
 * whose stream echo is {@code socket.pipeTo(socket)} (backpressure by pause/resume on the write
 * queue) and whose line echo is a {@link RecordParser} on {@code '\n'} writing each record back with
 * its newline, pausing the parser while the socket's write queue is full.
 *
 * <p>One Vert.x instance that prefers the native transport (epoll, from reactor-netty's native
 * jar, on Netty from our netty-bom), one server instance per port: a Vert.x server uses one event
 * loop per deployed instance, and the harness pins every server to one core. Not thread-safe to
 * start twice; the harness starts it once per process.
 */
final class VertxEcho implements Disposable {

    private final Vertx vertx;
    final int streamPort;
    final int linesPort;
    private volatile boolean disposed;

    private VertxEcho(Vertx vertx, int streamPort, int linesPort) {
        this.vertx = vertx;
        this.streamPort = streamPort;
        this.linesPort = linesPort;
    }

    static VertxEcho start(int maxLine, Duration timeout) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            NetServerOptions options = new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true);
            NetServer stream = vertx.createNetServer(options).connectHandler(s -> s.pipeTo(s));
            NetServer lines = vertx.createNetServer(options).connectHandler(s -> lineEcho(s, maxLine));
            int sp = stream.listen().toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).actualPort();
            int lp = lines.listen().toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).actualPort();
            return new VertxEcho(vertx, sp, lp);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }

    private static void lineEcho(NetSocket socket, int maxLine) {
        Buffer newline = Buffer.buffer("\n");
        RecordParser parser = RecordParser.newDelimited(newline, socket).maxRecordSize(maxLine);
        parser.handler(line -> {
            socket.write(line.appendBuffer(newline));
            if (socket.writeQueueFull()) {
                parser.pause();
                socket.drainHandler(v -> parser.resume());
            }
        });
        parser.endHandler(v -> socket.end());
        parser.exceptionHandler(e -> socket.close());
    }

    /** "epoll" when Vert.x runs on the native transport, else "nio". */
    String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    @Override
    public void dispose() {
        disposed = true;
        vertx.close();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
