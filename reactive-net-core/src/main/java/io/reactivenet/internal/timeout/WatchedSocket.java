package io.reactivenet.internal.timeout;

import io.netty.channel.Channel;
import io.reactivenet.CloseEvent;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.SocketAddress;
import io.reactivenet.timeout.IdleReaction;
import io.reactivenet.timeout.IdleTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * A socket whose traffic (bytes delivered by {@link #inbound()}, writes and sends through it) is
 * watched by one {@link IdleTimer}. Everything else is the underlying socket's.
 */
public final class WatchedSocket implements NetSocket {

    private final NetSocket socket;
    private final IdleTimer timer;
    private final Sinks.Many<Duration> idle = Sinks.many().multicast().directBestEffort();

    public WatchedSocket(NetSocket socket, Duration timeout, IdleReaction reaction, Scheduler scheduler) {
        this.socket = socket;
        this.timer = new IdleTimer(timeout, scheduler, () -> {
            idle.tryEmitNext(timeout);
            if (reaction == IdleReaction.CLOSE) {
                String remote = socket.path() != null ? socket.path() : String.valueOf(socket.remote());
                socket.destroy(new IdleTimeoutException(timeout, remote));
            }
        });
        socket.onClose().subscribe(c -> {
            timer.dispose();
            idle.tryEmitComplete();
        });
    }

    @Override
    public Flux<ByteBuffer> inbound() {
        return socket.inbound().doOnNext(b -> timer.activity());
    }

    @Override
    public Mono<Void> write(ByteBuffer data) {
        timer.activity();
        return socket.write(data).doOnSuccess(v -> timer.activity());
    }

    @Override
    public Mono<Void> write(byte[] data) {
        timer.activity();
        return socket.write(data).doOnSuccess(v -> timer.activity());
    }

    @Override
    public Mono<Void> write(String text) {
        timer.activity();
        return socket.write(text).doOnSuccess(v -> timer.activity());
    }

    @Override
    public Mono<Void> write(String text, Charset charset) {
        timer.activity();
        return socket.write(text, charset).doOnSuccess(v -> timer.activity());
    }

    @Override
    public Mono<Void> send(Publisher<ByteBuffer> data) {
        return socket.send(Flux.from(data).doOnNext(b -> timer.activity()));
    }

    @Override
    public Mono<Void> end() {
        return socket.end();
    }

    @Override
    public Mono<Void> end(ByteBuffer data) {
        timer.activity();
        return socket.end(data);
    }

    @Override
    public void destroy() {
        socket.destroy();
    }

    @Override
    public void destroy(Throwable error) {
        socket.destroy(error);
    }

    @Override
    public void destroySoon() {
        socket.destroySoon();
    }

    @Override
    public void resetAndDestroy() {
        socket.resetAndDestroy();
    }

    @Override
    public Mono<CloseEvent> onClose() {
        return socket.onClose();
    }

    @Override
    public NetSocket setTimeout(Duration timeout) {
        socket.setTimeout(timeout);
        return this;
    }

    /** This watch's idle periods, merged with those of the socket's own {@code setTimeout}. */
    @Override
    public Flux<Duration> timeouts() {
        return Flux.merge(idle.asFlux(), socket.timeouts());
    }

    @Override
    public NetSocket ref() {
        socket.ref();
        return this;
    }

    @Override
    public NetSocket unref() {
        socket.unref();
        return this;
    }

    @Override
    public NetSocket setNoDelay(boolean noDelay) {
        socket.setNoDelay(noDelay);
        return this;
    }

    @Override
    public NetSocket setKeepAlive(boolean enable, Duration initialDelay) {
        socket.setKeepAlive(enable, initialDelay);
        return this;
    }

    @Override
    public @Nullable SocketAddress remote() {
        return socket.remote();
    }

    @Override
    public @Nullable SocketAddress local() {
        return socket.local();
    }

    @Override
    public long bytesRead() {
        return socket.bytesRead();
    }

    @Override
    public long bytesWritten() {
        return socket.bytesWritten();
    }

    @Override
    public long bufferSize() {
        return socket.bufferSize();
    }

    @Override
    public ReadyState readyState() {
        return socket.readyState();
    }

    @Override
    public boolean destroyed() {
        return socket.destroyed();
    }

    @Override
    public List<String> autoSelectFamilyAttemptedAddresses() {
        return socket.autoSelectFamilyAttemptedAddresses();
    }

    @Override
    public @Nullable String path() {
        return socket.path();
    }

    @Override
    public Scheduler scheduler() {
        return socket.scheduler();
    }

    @Override
    public Channel unwrap() {
        return socket.unwrap();
    }

    @Override
    public String toString() {
        return socket.toString();
    }
}
