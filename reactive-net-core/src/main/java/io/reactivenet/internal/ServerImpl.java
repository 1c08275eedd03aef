package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.reactivenet.BlockList;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketAddress;
import io.reactivenet.Transport;
import io.reactivenet.internal.metrics.AcceptErrorHandler;
import io.reactivenet.internal.metrics.ServerRecorder;
import io.reactivenet.internal.observation.ServerObserver;
import io.reactivenet.internal.proxy.Admission;
import io.reactivenet.internal.proxy.ProxyProtocols;
import io.reactivenet.internal.spi.ServerEndpoint;
import io.reactivenet.internal.tls.ServerTls;
import io.reactivenet.internal.tls.Tls;
import io.reactivenet.internal.tuning.ChannelSetup;
import io.reactivenet.proxy.ProxyHeader;
import io.reactivenet.proxy.ProxyProtocol;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.internal.socket.SocketImpl;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * A listening server: binds through Reactor Netty's {@link TcpServer} and takes over each accepted
 * channel at init (before it is active), where connection limits and blocklists are enforced.
 */
public final class ServerImpl implements ListeningServer {

    private enum State { BINDING, LISTENING, CLOSING, CLOSED }

    private final ServerOptions options;
    private final Function<? super NetSocket, ? extends Publisher<Void>> handler;
    private final ServerEndpoint spec;
    private final NetLoops.Lease lease;
    private final @Nullable ServerTls tls;
    private final AtomicReference<State> state = new AtomicReference<>(State.BINDING);
    private final AtomicInteger connections = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    // Every emission holds the lock on this sink (see emit), so Reactor's own serialization (a CAS
    // and a drain loop per event, on the accepting loop for every Drop of a flood) is not needed.
    private final Sinks.Many<ServerEvent> events = Sinks.unsafe().many().multicast().onBackpressureBuffer(256, false);
    // True once an event found no subscriber and no room left in the buffer of 256 (thrown away);
    // false again when someone subscribes. While true a Drop is not built (see dropAtAccept).
    private volatile boolean eventsLost;
    private final DropEvents drops = new DropEvents();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final AtomicBoolean refd = new AtomicBoolean();
    private final AtomicBoolean unbound = new AtomicBoolean();
    private volatile @Nullable DisposableServer bound;
    private volatile boolean bindCancelled;
    private volatile @Nullable SocketAddress address;
    private volatile int maxConnections;
    private final ServerRecorder metrics;
    private final ServerObserver observer;

    static {
        // An accept failing with EMFILE cannot load a class (no descriptor to open the jar with):
        // load what reporting it needs now.
        Errors.translate(new java.io.IOException("Too many open files"), "accept", null, 0);
        Object preload = ServerEvent.Error.class;
    }

    private ServerImpl(ServerOptions options, Function<? super NetSocket, ? extends Publisher<Void>> handler,
            ServerEndpoint spec, @Nullable ServerTls tls) {
        this.tls = tls;
        this.options = options;
        this.handler = handler;
        this.spec = spec;
        this.lease = NetLoops.Lease.of(options.loops());
        this.maxConnections = options.maxConnections();
        this.metrics = ServerRecorder.of(options.metrics(), spec.isDomain());
        this.observer = ServerObserver.of(options.observations(), spec.isDomain());
    }

    /** Binds a server on {@code spec}; the Mono emits once it is listening. */
    public static Mono<ListeningServer> listen(ServerOptions options,
            Function<? super NetSocket, ? extends Publisher<Void>> handler, ServerEndpoint spec) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(spec, "endpoint");
        return Mono.defer(() -> {
            TlsOptions tlsOptions = options.tls();
            ServerTls tls = tlsOptions == null ? null : ServerTls.of(tlsOptions); // bad settings fail the listen
            Supplier<Mono<Void>> beforeBind = spec.beforeBind();
            Mono<Void> before = beforeBind == null ? Mono.empty() : beforeBind.get();
            // The lease is taken last and the bind assembled inside the sequence, so whatever throws
            // from here on ends in doOnError, which gives the lease back.
            ServerImpl server = new ServerImpl(options, handler, spec, tls);
            return before.then(Mono.defer(server::bind))
                    .doOnError(e -> server.lease.dispose())
                    .doOnCancel(server::cancelBind);
        });
    }

    private Mono<ListeningServer> bind() {
        NetLoops loops = lease.loops();
        Transport transport = spec.transport() == Transport.AUTO ? loops.transport() : spec.transport();
        boolean preferNative = TransportSupport.preferNative(transport);
        NetException noReusePort = spec.reusePort() ? ReusePort.unavailable(transport, spec.isDomain()) : null;
        if (noReusePort != null) {
            return Mono.error(noReusePort);
        }
        UnaryOperator<LoopResources> channels = spec.channels();
        int hwm = options.highWaterMark();
        TcpServer server = TcpServer.create()
                .runOn(channels != null ? channels.apply(TransportSupport.resources(loops.resources(), transport))
                        : TransportSupport.resources(loops.resources(), transport), preferNative)
                .bindAddress(spec.address())
                .option(ChannelOption.SO_BACKLOG, spec.backlog())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, hwm / 2), hwm))
                .doOnChannelInit((observer, channel, remote) -> {
                    if (channel.parent() != null) {
                        onAccept(channel);
                    }
                })
                .handle((in, out) -> {
                    Connection[] connection = new Connection[1];
                    in.withConnection(c -> connection[0] = c);
                    SocketImpl socket = connection[0] == null ? null : SocketImpl.of(connection[0].channel());
                    return socket == null ? Mono.empty() : run(socket);
                });
        if (!spec.isDomain()) {
            server = server.option(ChannelOption.SO_REUSEADDR, ChannelSetup.reuseAddress(options.socket()))
                    .childOption(ChannelOption.TCP_NODELAY, options.noDelay())
                    .childOption(ChannelOption.SO_KEEPALIVE, options.keepAlive());
            if (spec.reusePort()) {
                server = server.option(ReusePort.option(transport), true);
            }
        }
        return server.bind()
                .onErrorMap(e -> Errors.translate(e, "listen", spec.shownAddress(), spec.shownPort()))
                .map(ds -> {
                    bound = ds;
                    if (bindCancelled) {
                        // The cancel came first and gave the loops back: they are shutting down, and
                        // would cancel the unbind path's scheduled task (afterNextSelect), so that this
                        // server, once ref'd, would never close. Unbind and end here instead.
                        ds.dispose();
                        abandon();
                        return this;
                    }
                    if (ds.address() instanceof InetSocketAddress isa) {
                        address = SocketAddress.from(isa);
                    }
                    ChannelSetup.listening(ds.channel(), options.socket());
                    ds.channel().pipeline().addFirst(AcceptErrorHandler.NAME, new AcceptErrorHandler(this::onAcceptError))
                            .addAfter(AcceptErrorHandler.NAME, AcceptGate.NAME, new AcceptGate(this::dropAtAccept));
                    state.set(State.LISTENING);
                    ref();
                    ds.onDispose().onErrorResume(e -> Mono.empty())
                            .then(afterNextSelect(ds))
                            .subscribe(null, e -> onUnbound(), this::onUnbound);
                    emit(new ServerEvent.Listening(address));
                    if (bindCancelled) {
                        ds.dispose(); // the cancel came after the check above: unbind, which gives the loops back
                    }
                    return this;
                });
    }

    /**
     * The subscriber cancelled {@code listen}. Bound already: unbind (the loops go back once
     * unbound). Not bound yet: Reactor Netty drops the pending bind, and nothing else would give
     * the loops back, so do it here; a bind completing at this very moment sees the flag and unbinds.
     * A cancel that comes after the server reached the subscriber never gets here (Reactive Streams:
     * a terminated subscriber does not cancel): that server is the subscriber's to close, e.g.
     * {@code listen(..).subscribe().dispose()} leaves it listening when the bind won the race.
     */
    private void cancelBind() {
        bindCancelled = true;
        DisposableServer ds = bound;
        if (ds != null) {
            ds.dispose();
        } else {
            lease.dispose();
        }
    }

    /** A bind that completed after its cancel: closed at once, never listening, never ref'd. */
    private void abandon() {
        state.set(State.CLOSED);
        unbound.set(true);
        synchronized (events) {
            events.tryEmitComplete();
        }
        lease.dispose(); // given back by the cancel already; once only
        closed.tryEmitEmpty();
    }

    private void onAccept(Channel channel) {
        observer.accepting(channel);
        if (state.get() != State.LISTENING) {
            channel.close();
            return;
        }
        if (options.proxyProtocol() != ProxyProtocol.OFF) {
            // The rules need the client's address from the header: admission waits for it. Until
            // then the channel is only in the group, so closeNow() closes it too.
            channels.add(channel);
            ProxyProtocols.install(channel, options.proxyProtocol(), options.proxyHeaderTimeout(), new Admission() {
                @Override
                public boolean admit(Channel ch, @Nullable ProxyHeader header) {
                    return admitProxied(ch, header);
                }

                @Override
                public void rejected(NetException error) {
                    emit(new ServerEvent.Error(error));
                }
            });
            return;
        }
        admit(channel, remote(channel));
    }

    private boolean admitProxied(Channel channel, @Nullable ProxyHeader header) {
        if (state.get() != State.LISTENING) {
            channel.close();
            return false;
        }
        SocketAddress remote = header != null && header.source() != null ? header.source()
                : remote(channel);
        SocketImpl socket = admit(channel, remote);
        if (socket != null && header != null) {
            socket.proxied(header);
        }
        return socket != null;
    }

    /**
     * A child past maxConnections, dropped on the accepting loop (see {@link AcceptGate}); anything
     * else (room left, a PROXY header to wait for, a blocked peer, not listening) goes to
     * {@link #onAccept} on its worker loop as before. Runs once per attempt of a flood, on the loop
     * that accepts: it builds only what someone will see (the Drop event not when it would be thrown
     * away, see {@link #eventsLost}; observer and metrics are no-ops without a registry).
     */
    private boolean dropAtAccept(Channel child) {
        if (options.proxyProtocol() != ProxyProtocol.OFF || state.get() != State.LISTENING
                || connections.get() < maxConnections) {
            return false;
        }
        SocketAddress remote = null;
        BlockList blockList = options.blockList();
        if (blockList != null) {
            remote = remote(child);
            if (remote != null && blockList.check(remote)) {
                return false;   // reported as Blocked by admit, as before
            }
        }
        observer.accepting(child); // an accept observation like any other, ended as dropped
        observer.dropped(child);
        metrics.dropped();
        if (!eventsLost || events.currentSubscriberCount() > 0) {
            emit(drops.of(child, blockList != null ? remote : remote(child)));
        }
        return true;
    }

    /** The channel's peer as a SocketAddress, or null (a Unix socket). */
    private static @Nullable SocketAddress remote(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress r ? SocketAddress.from(r) : null;
    }

    /** BlockList and maxConnections on {@code remote} (the client: the channel's peer or the PROXY header's). */
    private @Nullable SocketImpl admit(Channel channel, @Nullable SocketAddress remote) {
        BlockList blockList = options.blockList();
        if (blockList != null && remote != null && blockList.check(remote)) {
            observer.blocked(channel); // before the close, which would end it as cancelled
            channel.close();
            metrics.blocked();
            emit(new ServerEvent.Blocked(remote));
            return null;
        }
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            observer.dropped(channel);
            channel.close();
            metrics.dropped();
            emit(drops.of(channel, remote));
            return null;
        }
        channels.add(channel);
        if (tls != null) {
            Tls.installServer(channel, tls); // after the blocklist: a blocked peer never gets a ServerHello
        }
        channel.closeFuture().addListener(f -> {
            if (connections.decrementAndGet() == 0) {
                maybeFinishClose();
            }
        });
        SocketImpl socket = SocketImpl.install(channel, options.allowHalfOpen(), options.highWaterMark(),
                options.endGrace());
        if (!spec.isDomain() && options.keepAlive() && !options.keepAliveInitialDelay().isZero()) {
            SocketImpl.applyKeepAlive(channel, true, options.keepAliveInitialDelay());
        }
        if (!options.idleTimeout().isZero()) {
            socket.setTimeout(options.idleTimeout());
        }
        ChannelSetup.socket(channel, options.socket());
        metrics.accepted(channel, socket);
        observer.admitted(channel);
        return socket;
    }

    /** An accept failed (EMFILE...): Netty pauses accepting for a second (no spin); we report it. */
    private void onAcceptError(Throwable error) {
        NetException e = Errors.translate(error, "accept", spec.shownAddress(), spec.shownPort());
        metrics.acceptError(e.code());
        emit(new ServerEvent.Error(e));
    }

    /** Runs the user's handler; the returned Mono completes when the socket has closed. */
    private Mono<Void> run(SocketImpl socket) {
        if (tls == null) {
            return runHandler(socket);
        }
        // Node's 'secureConnection': the handler sees the socket once its handshake is done.
        return Tls.afterHandshake(socket.unwrap(), socket)
                .flatMap(this::runHandler)
                .onErrorResume(e -> {
                    emit(new ServerEvent.TlsClientError(socket.remote(), e));
                    socket.destroy();
                    return socket.onClose().then();
                });
    }

    private Mono<Void> runHandler(SocketImpl socket) {
        emit(new ServerEvent.Connection(socket));
        return new HandlerRun(handler, socket);
    }

    /** The listening channel has closed (by close(), closeNow(), or on its own). */
    private void onUnbound() {
        if (unbound.compareAndSet(false, true)) {
            Runnable after = spec.afterUnbind();
            if (after != null) {
                try {
                    after.run();
                } catch (RuntimeException e) {
                    emit(new ServerEvent.Error(e));
                }
            }
            state.compareAndSet(State.LISTENING, State.CLOSING);
        }
        maybeFinishClose();
    }

    /**
     * Closed means unbound and no open socket: only then are the loops given back, since the
     * listening channel's last tasks still run on them until it is unbound.
     */
    private void maybeFinishClose() {
        if (state.get() == State.CLOSING && unbound.get() && connections.get() == 0) {
            finishClose();
        }
    }

    private void finishClose() {
        if (state.compareAndSet(State.CLOSING, State.CLOSED)) {
            emit(new ServerEvent.Close());
            synchronized (events) {
                events.tryEmitComplete();
            }
            unref();
            lease.dispose();
            closed.tryEmitEmpty();
        }
    }

    private void emit(ServerEvent event) {
        synchronized (events) {
            if (events.tryEmitNext(event) == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
                eventsLost = true;  // the buffer is full and nobody reads it: this event is gone
            }
        }
    }

    @Override
    public @Nullable SocketAddress address() {
        return address;
    }

    @Override
    public @Nullable String path() {
        return spec.path();
    }

    @Override
    public boolean isListening() {
        return state.get() == State.LISTENING;
    }

    @Override
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public Mono<Boolean> updateTls(TlsOptions options) {
        Objects.requireNonNull(options, "tls");
        ServerTls current = tls;
        return current == null ? ListeningServer.super.updateTls(options) : current.update(options);
    }

    @Override
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public ListeningServer maxConnections(int max) {
        Checks.atLeast("maxConnections", max, 0);
        maxConnections = max;
        return this;
    }

    @Override
    public Flux<ServerEvent> events() {
        // A subscriber drains the buffer, and may leave room in it when it goes: events can be kept
        // (and Drops are built) again. Cleared too early, it costs one Drop built and thrown away.
        return events.asFlux().doOnSubscribe(s -> eventsLost = false).doOnCancel(() -> eventsLost = false);
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (!state.compareAndSet(State.LISTENING, State.CLOSING)) {
                return Mono.error(new NetException(NetException.ERR_SERVER_NOT_RUNNING, "Server is not running."));
            }
            return unbindThenAwait();
        });
    }

    @Override
    public Mono<Void> closeNow() {
        return Mono.defer(() -> {
            state.compareAndSet(State.LISTENING, State.CLOSING);
            if (state.get() == State.CLOSED) {
                return Mono.empty();
            }
            channels.close();
            return unbindThenAwait();
        });
    }

    private Mono<Void> unbindThenAwait() {
        DisposableServer ds = bound;
        if (ds != null) {
            ds.dispose();           // onUnbound follows (see bind), then the close can finish
        } else {
            onUnbound();
        }
        return closed.asMono();
    }


    /**
     * The JDK closes a NIO listening socket that is registered with a selector only when the key
     * is deregistered, at that loop's next select: until then the kernel still completes handshakes.
     * A task scheduled a few milliseconds out runs after such a select, so that when close()
     * completes, connects are refused (as after Node's server.close()).
     */
    private static Mono<Void> afterNextSelect(DisposableServer ds) {
        return Mono.create(sink -> {
            try {
                ds.channel().eventLoop().schedule(() -> sink.success(), 5, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                sink.success();
            }
        });
    }

    @Override
    public Mono<Void> onClose() {
        return closed.asMono();
    }

    @Override
    public ListeningServer ref() {
        if (state.get() != State.CLOSED && refd.compareAndSet(false, true)) {
            ProcessRef.ref();
        }
        return this;
    }

    @Override
    public ListeningServer unref() {
        if (refd.compareAndSet(true, false)) {
            ProcessRef.unref();
        }
        return this;
    }

    @Override
    public boolean isDisposed() {
        return state.get() == State.CLOSED;
    }

    @Override
    public String toString() {
        return "ListeningServer[" + (spec.path() != null ? spec.path() : address) + ", " + state.get() + ", "
                + connections.get() + " connections]";
    }
}
