package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.reactivenet.BlockList;
import io.reactivenet.ConnectEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.NetAggregateException;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.address.IpAddresses;
import io.reactivenet.timeout.ConnectTimeoutException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Node's client connect sequence: name lookup, then one attempt or, with {@code autoSelectFamily},
 * an RFC 8305 race over the addresses, with Node's connect events.
 *
 * <p>How the race goes: the addresses are de-duplicated and interleaved by family, the family of the
 * first address first (RFC 8305 §4, as Node). The first attempt starts; the next one starts when
 * the newest attempt fails or when the attempt timeout passes without an answer. Unlike Node (which
 * closes an attempt when its timeout passes) earlier attempts stay in the race: the first attempt to
 * connect wins, every other is closed. With a local port every attempt must bind that port, so there
 * a timed-out attempt is closed before the next starts, as in Node. All attempts share one loop lease; the lease is given back
 * when the last of their channels has closed (for the winner: when the socket closes).
 *
 * <p>Threading: each connect is a small state machine confined to one event loop of its lease (the
 * "actor"). Lookup results, attempt results and timers are handed to that loop, so the events reach
 * the listener one at a time and in order, and the connect Mono signals after the last of them.
 */
public final class HappyEyeballs {

    private HappyEyeballs() {
    }

    /**
     * The order attempts are made in (RFC 8305 §4, as Node): duplicates dropped, addresses grouped
     * by family keeping their order, the first address's family first, then the families alternate.
     */
    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        Set<InetAddress> unique = new LinkedHashSet<>(addresses);
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> second = new ArrayList<>();
        boolean firstIsV6 = !unique.isEmpty() && unique.iterator().next() instanceof Inet6Address;
        for (InetAddress a : unique) {
            ((a instanceof Inet6Address) == firstIsV6 ? first : second).add(a);
        }
        List<InetAddress> out = new ArrayList<>(unique.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    /** The connect sequence for {@code options} (port already checked). */
    static Mono<NetSocket> connect(ConnectOptions options) {
        return Mono.<NetSocket>create(sink -> new Race(options, sink).start())
                // A socket that wins just as the subscriber cancels is discarded by the sink: close it.
                .doOnDiscard(SocketImpl.class, SocketImpl::destroy);
    }

    /** An address as Node prints it: IPv6 compressed (RFC 5952: {@code ::1}), the zone kept. */
    static String text(InetAddress address) {
        String full = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return full;
        }
        int zone = full.indexOf('%');
        String compressed = io.reactivenet.SocketAddress.from(new InetSocketAddress(address, 0)).address();
        return zone >= 0 ? compressed + full.substring(zone) : compressed;
    }

    /** {@code host} as an address when it is an IP literal; parsed only, never resolved (we may be on a loop). */
    static @Nullable InetAddress literal(String host) {
        if (IpAddresses.isIP(host) == 0 && !NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            return null;
        }
        try {
            if (host.indexOf(':') >= 0) {
                // A valid IPv6 literal (zone included): the JDK parses it without any lookup.
                return InetAddress.getByName(host);
            }
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static int familyOf(InetAddress address) {
        return address instanceof Inet6Address ? 6 : 4;
    }

    /** The default lookup: the JDK resolver (getaddrinfo), on a bounded-elastic thread. */
    static Mono<List<InetAddress>> jdkLookup(String host) {
        return Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)));
    }

    /** One connect: lookup, attempts, events. State is confined to {@link #actor}. */
    private static final class Race {
        private final ConnectOptions options;
        private final MonoSink<NetSocket> sink;
        private final String host;
        private final int port;
        private final @Nullable Consumer<? super ConnectEvent> listener;
        /** The race itself holds one; every attempt holds one until its channel is closed. */
        private final AtomicInteger holders = new AtomicInteger(1);
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<NetException> errors = new ArrayList<>();
        private final List<String> attempted = new ArrayList<>();

        private NetLoops.@Nullable Lease lease;
        private @Nullable EventLoop actor;
        private boolean finished;
        private boolean raceReleased;
        private boolean multi;
        private Duration attemptTimeout = ConnectOptions.DEFAULT_ATTEMPT_TIMEOUT;
        private @Nullable InetSocketAddress local;
        private List<InetSocketAddress> candidates = List.of();
        private int next;
        private @Nullable Disposable lookup;
        private @Nullable ScheduledFuture<?> attemptTimer;
        private @Nullable ScheduledFuture<?> overallTimer;

        Race(ConnectOptions options, MonoSink<NetSocket> sink) {
            this.options = options;
            this.sink = sink;
            this.host = options.host();
            this.port = options.port();
            this.listener = options.onEvent();
        }

        void start() {
            NetLoops.Lease l;
            EventLoop loop;
            try {
                l = NetLoops.Lease.of(options.loops());
                loop = l.loops().resources().onClient(TransportSupport.preferNative(l.loops().transport())).next();
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            lease = l;
            actor = loop;
            sink.onCancel(() -> run(this::cancel));
            run(this::begin);
        }

        /** Runs {@code task} on the actor loop; a failure in it fails the connect. */
        private void run(Runnable task) {
            EventLoop loop = Objects.requireNonNull(actor);
            try {
                loop.execute(() -> {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        fail(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The loops were shut down under us: nothing can run any more, report and give back.
                sink.error(new NetException(NetException.ERR_SOCKET_CLOSED,
                        "connect " + host + ":" + port + ": the event loops are shut down", e));
                releaseRace();
            }
        }

        private void begin() {
            if (finished) {
                return;
            }
            Duration timeout = options.timeout();
            if (!timeout.isZero()) {
                overallTimer = Objects.requireNonNull(actor).schedule(() -> run(this::onOverallTimeout),
                        timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            String localAddress = options.localAddress();
            if (localAddress != null) {
                // An IP address (checked by the option): parsed here, never looked up on the loop.
                InetAddress bindTo = literal(localAddress);
                if (bindTo == null) {
                    fail(new NetException(NetArgumentException.ERR_INVALID_IP_ADDRESS,
                            "Invalid IP address: " + localAddress, "bind", localAddress, options.localPort(), null));
                    return;
                }
                local = new InetSocketAddress(bindTo, options.localPort());
            } else if (options.localPort() != 0) {
                local = new InetSocketAddress(options.localPort());
            }
            Boolean autoSelectFamily = options.autoSelectFamily();
            Duration attemptTimeoutSet = options.autoSelectFamilyAttemptTimeout();
            multi = (autoSelectFamily != null ? autoSelectFamily : ConnectDefaults.autoSelectFamily())
                    && options.family() == 0 && options.localAddress() == null;
            attemptTimeout = attemptTimeoutSet != null ? attemptTimeoutSet : ConnectDefaults.attemptTimeout();
            InetAddress literal = literal(host);
            if (literal != null) {
                // An IP address needs no lookup and, as in Node, gets no 'lookup' event.
                multi = false;
                candidates = List.of(new InetSocketAddress(literal, port));
                startNext();
                return;
            }
            Function<? super String, ? extends Mono<List<InetAddress>>> fn = options.lookup();
            Mono<List<InetAddress>> found = fn == null ? jdkLookup(host)
                    : Mono.defer(() -> Objects.requireNonNull(fn.apply(host), "the lookup function returned null"));
            lookup = found.subscribeOn(Schedulers.boundedElastic())
                    .defaultIfEmpty(List.of())
                    .subscribe(list -> run(() -> onLookup(list, null)), e -> run(() -> onLookup(null, e)));
        }

        private void onLookup(@Nullable List<InetAddress> list, @Nullable Throwable error) {
            lookup = null;
            if (finished) {
                return;
            }
            if (error == null && list != null && list.stream().anyMatch(Objects::isNull)) {
                error = new NullPointerException("the lookup returned a null address");
            }
            if (error != null || list == null) {
                NetException e = lookupError(error);
                if (emit(new ConnectEvent.Lookup(e, null, 0, host))) {
                    fail(e);
                }
                return;
            }
            if (multi) {
                // Node reports every address found, before filtering or ordering them.
                for (InetAddress a : list) {
                    if (!emit(new ConnectEvent.Lookup(null, text(a), familyOf(a), host))) {
                        return;
                    }
                }
            }
            List<InetAddress> usable = filter(list);
            if (usable.isEmpty()) {
                NetException e = new NetException(NetException.ENOTFOUND, "getaddrinfo ENOTFOUND " + host
                        + (list.isEmpty() ? " (the lookup found no address)"
                                : " (no IPv" + options.family() + " address among " + list + ")"),
                        "getaddrinfo", host, -1, null);
                if (emit(new ConnectEvent.Lookup(e, null, 0, host))) {
                    fail(e);
                }
                return;
            }
            if (!multi) {
                // Node asks for one address (all: false) and reports that one.
                InetAddress first = usable.get(0);
                if (!emit(new ConnectEvent.Lookup(null, text(first), familyOf(first), host))) {
                    return;
                }
                candidates = List.of(new InetSocketAddress(first, port));
            } else {
                candidates = interleave(usable).stream().map(a -> new InetSocketAddress(a, port)).toList();
                // Node: "only one address found, switching back to single connection".
                multi = candidates.size() > 1;
            }
            startNext();
        }

        /** Keeps the addresses of the requested family (with V4MAPPED: IPv4 too, for family 6). */
        private List<InetAddress> filter(List<InetAddress> list) {
            int family = options.family();
            if (family == 0) {
                return list;
            }
            List<InetAddress> wanted = list.stream().filter(a -> familyOf(a) == family).toList();
            if (family == 6 && (options.hints() & ConnectOptions.HINT_V4MAPPED) != 0
                    && (wanted.isEmpty() || (options.hints() & ConnectOptions.HINT_ALL) != 0)) {
                // The JDK has no IPv4-mapped IPv6 addresses: they would be the IPv4 addresses themselves.
                List<InetAddress> withMapped = new ArrayList<>(wanted);
                list.stream().filter(a -> a instanceof Inet4Address).forEach(withMapped::add);
                return withMapped;
            }
            return wanted;
        }

        private NetException lookupError(@Nullable Throwable error) {
            if (error instanceof NetException n) {
                return n;
            }
            String detail = error == null || error instanceof UnknownHostException || error.getMessage() == null
                    ? "" : " (" + error + ")";
            return new NetException(NetException.ENOTFOUND, "getaddrinfo ENOTFOUND " + host + detail, "getaddrinfo",
                    host, -1, error);
        }

        /** Starts the next attempt; when none is left and none is pending, fails with the errors. */
        private void startNext() {
            while (!finished && next < candidates.size()) {
                InetSocketAddress target = candidates.get(next++);
                boolean last = next == candidates.size();
                InetAddress address = target.getAddress();
                String ip = text(address);
                int family = familyOf(address);
                BlockList blockList = options.blockList();
                if (blockList != null && blockList.check(address)) {
                    // Before any SYN, as a server's blocklist rejects before any byte.
                    NetException e = new NetException(NetException.ERR_IP_BLOCKED,
                            "IP(" + ip + ") is blocked by net.BlockList", "connect", ip, port, null);
                    errors.add(e);
                    if (!emit(new ConnectEvent.ConnectionAttemptFailed(ip, port, family, e))) {
                        return;
                    }
                    continue;
                }
                if (!emit(new ConnectEvent.ConnectionAttempt(ip, port, family))) {
                    return;
                }
                if (multi) {
                    attempted.add(ip + ":" + port);
                }
                Attempt attempt = new Attempt(target, ip, family);
                attempts.add(attempt);
                holders.incrementAndGet();
                attempt.subscription = Connector.attempt(target, local, Objects.requireNonNull(lease).loops(), options,
                                attempt::onChannel)
                        .subscribe(socket -> run(() -> onConnected(attempt, socket)),
                                e -> run(() -> onAttemptFailed(attempt, e)));
                if (!last) {
                    attemptTimer = Objects.requireNonNull(actor).schedule(() -> run(() -> onAttemptTimeout(attempt)),
                            attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
                }
                return;
            }
            maybeAllFailed();
        }

        private void onConnected(Attempt attempt, SocketImpl socket) {
            boolean closedByUs = attempt.done;
            attempt.done = true;
            if (finished || closedByUs) {
                // Lost the race (or the connect was cancelled/failed meanwhile).
                socket.destroy();
                return;
            }
            finished = true;
            cancelTimers();
            for (Attempt other : attempts) {
                if (other != attempt) {
                    other.cancel();
                }
            }
            if (multi) {
                socket.attemptedAddresses(attempted);
            }
            Connector.ready(socket, false, options.socket());
            releaseRace();
            sink.success(socket);
        }

        private void onAttemptFailed(Attempt attempt, Throwable error) {
            if (attempt.done) {
                // We closed it (timed out with a local port): its error is already counted.
                return;
            }
            attempt.done = true;
            attempt.cancel();
            if (finished) {
                return;
            }
            NetException e = Errors.translate(error, "connect", attempt.ip, port);
            errors.add(e);
            if (!emit(new ConnectEvent.ConnectionAttemptFailed(attempt.ip, port, attempt.family, e))) {
                return;
            }
            if (attempt == attempts.get(attempts.size() - 1)) {
                cancelAttemptTimer();
                startNext();
            } else {
                maybeAllFailed();
            }
        }

        private void onAttemptTimeout(Attempt attempt) {
            if (finished || attempt.done || attempt != attempts.get(attempts.size() - 1)) {
                return;
            }
            attemptTimer = null;
            if (local != null) {
                // With a local port the next attempt needs the same port: close this one first, as
                // Node always does, and count it as timed out.
                attempt.cancel();
                attempt.done = true;
                errors.add(new NetException(NetException.ETIMEDOUT, "connect ETIMEDOUT " + attempt.ip + ":" + port,
                        "connect", attempt.ip, port, null));
                if (!emit(new ConnectEvent.ConnectionAttemptTimeout(attempt.ip, port, attempt.family))) {
                    return;
                }
                io.netty.channel.Channel ch = attempt.channel;
                if (ch == null) {
                    startNext();
                    return;
                }
                // The port is free only once the socket is really closed: the JDK closes a NIO socket
                // registered with a selector at its loop's next select, which a task scheduled a few
                // milliseconds out follows.
                ch.closeFuture().addListener(f -> {
                    Runnable next = () -> Objects.requireNonNull(actor).execute(() -> {
                        if (!finished) {
                            startNext();
                        }
                    });
                    try {
                        ch.eventLoop().schedule(next, 5, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        next.run();
                    }
                });
                return;
            }
            if (emit(new ConnectEvent.ConnectionAttemptTimeout(attempt.ip, port, attempt.family))) {
                startNext();
            }
        }

        private void onOverallTimeout() {
            overallTimer = null;
            if (finished) {
                return;
            }
            ConnectTimeoutException e = new ConnectTimeoutException(options.timeout(), host + ":" + port);
            errors.forEach(e::addSuppressed);
            fail(e);
        }

        private void maybeAllFailed() {
            if (finished || next < candidates.size()) {
                return;
            }
            for (Attempt a : attempts) {
                if (!a.done) {
                    return;
                }
            }
            if (errors.isEmpty()) {
                fail(new NetException(NetException.ENOTFOUND, "connect: no address to connect to for " + host));
            } else if (!multi) {
                fail(errors.get(errors.size() - 1));
            } else {
                StringBuilder msg = new StringBuilder("connect ").append(errors.get(errors.size() - 1).code())
                        .append(' ').append(host).append(':').append(port).append(": all ").append(errors.size())
                        .append(" attempts failed (");
                for (int i = 0; i < errors.size(); i++) {
                    msg.append(i == 0 ? "" : "; ").append(errors.get(i).getMessage());
                }
                fail(new NetAggregateException(msg.append(')').toString(), errors, attempted));
            }
        }

        /** Delivers an event; false when the listener threw (the connect has then failed). */
        private boolean emit(ConnectEvent event) {
            if (listener == null) {
                return true;
            }
            try {
                listener.accept(event);
                return !finished;
            } catch (Throwable t) {
                fail(t);
                return false;
            }
        }

        private void fail(Throwable error) {
            if (finished) {
                return;
            }
            stop();
            sink.error(error);
        }

        private void cancel() {
            if (!finished) {
                stop();
            }
        }

        private void stop() {
            finished = true;
            cancelTimers();
            Disposable l = lookup;
            if (l != null) {
                l.dispose();
                lookup = null;
            }
            attempts.forEach(Attempt::cancel);
            releaseRace();
        }

        private void cancelTimers() {
            cancelAttemptTimer();
            ScheduledFuture<?> t = overallTimer;
            if (t != null) {
                t.cancel(false);
                overallTimer = null;
            }
        }

        private void cancelAttemptTimer() {
            ScheduledFuture<?> t = attemptTimer;
            if (t != null) {
                t.cancel(false);
                attemptTimer = null;
            }
        }

        private void releaseRace() {
            if (!raceReleased) {
                raceReleased = true;
                releaseHolder();
            }
        }

        private void releaseHolder() {
            if (holders.decrementAndGet() == 0) {
                NetLoops.Lease l = lease;
                if (l != null) {
                    l.dispose();
                }
            }
        }

        /** One connection attempt: its channel (once created) and its subscription. */
        private final class Attempt {
            final InetSocketAddress target;
            final String ip;
            final int family;
            /** Actor only. */
            boolean done;
            @Nullable Disposable subscription;
            private volatile @Nullable Channel channel;
            private volatile boolean cancelled;
            private final AtomicBoolean released = new AtomicBoolean();

            Attempt(InetSocketAddress target, String ip, int family) {
                this.target = target;
                this.ip = ip;
                this.family = family;
            }

            /** Channel init, on the channel's loop, before the SYN. */
            void onChannel(Channel ch) {
                channel = ch;
                ch.closeFuture().addListener(f -> release());
                if (cancelled) {
                    // Cancelled before the channel existed: it must not connect.
                    ch.close();
                }
            }

            /** Stops this attempt and closes its channel (idempotent). Never called on the winner. */
            void cancel() {
                cancelled = true;
                Disposable s = subscription;
                if (s != null && !done) {
                    s.dispose();
                }
                Channel ch = channel;
                if (ch != null) {
                    ch.close();
                } else {
                    release();
                }
            }

            private void release() {
                if (released.compareAndSet(false, true)) {
                    releaseHolder();
                }
            }

            @Override
            public String toString() {
                return "attempt " + target;
            }
        }
    }
}
