package io.reactivenet.internal.connect;

import io.reactivenet.ConnectEvent;
import io.reactivenet.NetException;
import io.reactivenet.internal.Errors;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Node's connect sequence for one {@link ConnectPlan}: the lookup, then one attempt or, when the
 * plan {@link ConnectPlan#races() races}, RFC 8305 Happy Eyeballs over the addresses, with Node's
 * {@link ConnectEvent}s. Attempts come from a {@link Dialer}; time from a {@link Scheduler}, so the
 * race runs on virtual time in tests.
 *
 * <p>How the race goes: the addresses are ordered by {@link Addresses#interleave}. The first attempt
 * starts; the next one starts when the newest attempt fails or when the attempt timeout passes
 * without an answer. Unlike Node (which closes an attempt when its timeout passes) earlier attempts
 * stay in the race (RFC 8305 §5): the first attempt to connect wins, every other is cancelled. With
 * a local port every attempt must bind that port, so there a timed-out attempt is cancelled, and the
 * next starts once the dialer says its port is {@link Dialer.Attempt#freed() free}, as in Node.
 *
 * <p>Threading: each race is a small state machine confined to its scheduler (the "actor"), which
 * must run the tasks given to it one at a time and in order (an event loop, a single worker, virtual
 * time). Lookup results, attempt results and timers are handed to it, so the events reach the
 * listener one at a time and in order, and the connect Mono signals after the last of them.
 *
 * @param <S> the connection the dialer's attempts give
 */
public final class Race<S> {

    private final ConnectPlan plan;
    private final Dialer<S> dialer;
    private final Scheduler actor;
    private final Scheduler resolver;
    private final MonoSink<S> sink;
    private final @Nullable Consumer<? super ConnectEvent> listener;
    private final AtomicBoolean over = new AtomicBoolean();
    private final List<Entry> attempts = new ArrayList<>();
    private final List<NetException> errors = new ArrayList<>();
    private final List<String> attempted = new ArrayList<>();

    // Actor only, from here on.
    private boolean finished;
    private boolean multi;
    private List<InetSocketAddress> candidates = List.of();
    private int next;
    private @Nullable Disposable lookup;
    private @Nullable Disposable attemptTimer;
    private @Nullable Disposable overallTimer;
    private @Nullable Disposable portWait;

    private Race(ConnectPlan plan, Dialer<S> dialer, Scheduler actor, Scheduler resolver, MonoSink<S> sink) {
        this.plan = plan;
        this.dialer = dialer;
        this.actor = actor;
        this.resolver = resolver;
        this.sink = sink;
        this.listener = plan.onEvent();
    }

    /**
     * The connect: each subscription runs one race on {@code actor}, subscribing the lookup on
     * {@code resolver} (never an event loop: resolvers may block). Cancelling cancels the lookup and
     * every attempt; a connection that arrives as the subscriber cancels goes to
     * {@link Dialer#discard}.
     */
    @SuppressWarnings("unchecked")
    public static <S> Mono<S> connect(ConnectPlan plan, Dialer<S> dialer, Scheduler actor, Scheduler resolver) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(dialer, "dialer");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(resolver, "resolver");
        return Mono.<S>create(sink -> new Race<>(plan, dialer, actor, resolver, sink).start())
                // Only the sink discards here: what it drops is a connection the subscriber no longer wants.
                .doOnDiscard(Object.class, c -> dialer.discard((S) c));
    }

    private void start() {
        sink.onCancel(() -> run(this::cancel));
        run(this::begin);
    }

    /** Runs {@code task} on the actor; a failure in it fails the connect. */
    private void run(Runnable task) {
        try {
            actor.schedule(guarded(task));
        } catch (RejectedExecutionException e) {
            // The actor was shut down under us (its loops are gone): nothing can run any more.
            sink.error(new NetException(NetException.ERR_SOCKET_CLOSED,
                    "connect " + plan.host() + ":" + plan.port() + ": the event loops are shut down", e));
            raceOver();
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                fail(t);
            }
        };
    }

    private Disposable after(java.time.Duration delay, Runnable task) {
        return actor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void begin() {
        if (finished) {
            return;
        }
        if (!plan.timeout().isZero()) {
            overallTimer = after(plan.timeout(), this::onOverallTimeout);
        }
        multi = plan.races();
        InetAddress literal = plan.literal();
        if (literal != null) {
            // An IP address needs no lookup and, as in Node, gets no 'lookup' event.
            candidates = List.of(new InetSocketAddress(literal, plan.port()));
            startNext();
            return;
        }
        String host = plan.host();
        lookup = Mono.defer(() -> Objects.requireNonNull(plan.lookup().apply(host), "the lookup function returned null"))
                .subscribeOn(resolver)
                .defaultIfEmpty(List.of())
                .subscribe(list -> run(() -> onLookup(list, null)), e -> run(() -> onLookup(null, e)));
    }

    private void onLookup(@Nullable List<InetAddress> found, @Nullable Throwable error) {
        lookup = null;
        if (finished) {
            return;
        }
        LookupResult result = LookupResult.of(plan, found, error);
        for (ConnectEvent event : result.events()) {
            if (!emit(event)) {
                return;
            }
        }
        NetException failure = result.error();
        if (failure != null) {
            fail(failure);
            return;
        }
        candidates = result.candidates();
        multi = result.races();
        startNext();
    }

    /** Starts the next attempt; when none is left and none is pending, fails with the errors. */
    private void startNext() {
        int port = plan.port();
        while (!finished && next < candidates.size()) {
            InetSocketAddress target = candidates.get(next++);
            InetAddress address = target.getAddress();
            String ip = Addresses.text(address);
            int family = Addresses.familyOf(address);
            NetException blocked = plan.blocked(address);
            if (blocked != null) {
                // Before any SYN, as a server's blocklist rejects before any byte.
                errors.add(blocked);
                if (!emit(new ConnectEvent.ConnectionAttemptFailed(ip, port, family, blocked))) {
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
            Dialer.Attempt<S> attempt = dialer.dial(target);
            Entry entry = new Entry(ip, family, attempt.freed());
            attempts.add(entry);
            // Results may come on any thread, even within subscribe: they are queued to the actor.
            entry.subscription = attempt.connect().subscribe(s -> run(() -> onConnected(entry, s)),
                    e -> run(() -> onAttemptFailed(entry, e)));
            if (next < candidates.size()) {
                attemptTimer = after(plan.attemptTimeout(), () -> onAttemptTimeout(entry));
            }
            return;
        }
        maybeAllFailed();
    }

    private void onConnected(Entry entry, S connection) {
        boolean lost = finished || entry.cancelled;
        entry.done = true;
        if (lost) {
            // Lost the race (or the connect was cancelled or failed meanwhile).
            dialer.discard(connection);
            return;
        }
        finished = true;
        cancelTimers();
        for (Entry other : attempts) {
            if (other != entry) {
                other.cancel();
            }
        }
        try {
            dialer.won(connection, multi ? List.copyOf(attempted) : List.of());
        } catch (Throwable t) {
            dialer.discard(connection);
            raceOver();
            sink.error(t);
            return;
        }
        raceOver();
        sink.success(connection);
    }

    private void onAttemptFailed(Entry entry, Throwable error) {
        if (entry.done) {
            return; // we cancelled it (timed out with a local port): its error is already counted
        }
        entry.done = true;
        if (finished) {
            return;
        }
        NetException e = Errors.translate(error, "connect", entry.ip, plan.port());
        errors.add(e);
        if (!emit(new ConnectEvent.ConnectionAttemptFailed(entry.ip, plan.port(), entry.family, e))) {
            return;
        }
        if (entry == attempts.get(attempts.size() - 1)) {
            dispose(attemptTimer);
            attemptTimer = null;
            startNext();
        } else {
            maybeAllFailed();
        }
    }

    private void onAttemptTimeout(Entry entry) {
        if (finished || entry.done || entry != attempts.get(attempts.size() - 1)) {
            return;
        }
        attemptTimer = null;
        ConnectEvent timedOut = new ConnectEvent.ConnectionAttemptTimeout(entry.ip, plan.port(), entry.family);
        if (plan.local() == null) {
            if (emit(timedOut)) {
                startNext();
            }
            return;
        }
        // With a local port the next attempt needs the same port: cancel this one first, as Node
        // always does, count it as timed out, and go on once the dialer says the port is free.
        entry.cancel();
        entry.done = true;
        errors.add(ConnectErrors.attemptTimedOut(entry.ip, plan.port()));
        if (!emit(timedOut)) {
            return;
        }
        portWait = entry.freed.subscribe(null, e -> run(this::onPortFreed), () -> run(this::onPortFreed));
    }

    private void onPortFreed() {
        portWait = null;
        if (!finished) {
            startNext();
        }
    }

    private void onOverallTimeout() {
        overallTimer = null;
        if (!finished) {
            fail(ConnectErrors.timedOut(plan.timeout(), plan.host(), plan.port(), errors));
        }
    }

    private void maybeAllFailed() {
        if (finished || next < candidates.size() || portWait != null) {
            return;
        }
        for (Entry a : attempts) {
            if (!a.done) {
                return;
            }
        }
        fail(ConnectErrors.allFailed(plan.host(), plan.port(), errors, multi, attempted));
    }

    /** Delivers an event; false when the connect is over (the listener threw, or failed it). */
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
        if (!finished) {
            stop();
            sink.error(error);
        }
    }

    private void cancel() {
        if (!finished) {
            stop();
        }
    }

    private void stop() {
        finished = true;
        cancelTimers();
        dispose(lookup);
        lookup = null;
        attempts.forEach(Entry::cancel);
        raceOver();
    }

    private void cancelTimers() {
        dispose(attemptTimer);
        dispose(overallTimer);
        dispose(portWait);
        attemptTimer = null;
        overallTimer = null;
        portWait = null;
    }

    private static void dispose(@Nullable Disposable d) {
        if (d != null) {
            d.dispose();
        }
    }

    private void raceOver() {
        if (over.compareAndSet(false, true)) {
            dialer.raceOver();
        }
    }

    /** The race's view of one attempt. Actor only. */
    private final class Entry {
        final String ip;
        final int family;
        final Mono<Void> freed;
        /** Its result arrived (or it was given up as timed out): nothing more is expected of it. */
        boolean done;
        boolean cancelled;
        @Nullable Disposable subscription;

        Entry(String ip, int family, Mono<Void> freed) {
            this.ip = ip;
            this.family = family;
            this.freed = freed;
        }

        /** Cancels the attempt once, unless its result already arrived. Never called on the winner. */
        void cancel() {
            if (!cancelled && !done) {
                cancelled = true;
                dispose(subscription);
            }
        }
    }
}
