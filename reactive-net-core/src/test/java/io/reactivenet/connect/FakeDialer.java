package io.reactivenet.connect;

import io.reactivenet.NetException;
import io.reactivenet.internal.connect.Dialer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Attempts without sockets, on virtual time: each address is told what its attempt does (connect
 * or fail after a delay, or never answer), and every start, cancel, discard is recorded with its
 * virtual time. A connection is the string {@code "conn " + ip}.
 */
final class FakeDialer implements Dialer<String> {

    /** What the attempt to one address does. */
    record Script(@Nullable Duration after, @Nullable String failCode) {
        static Script never() {
            return new Script(null, null);
        }

        static Script connectAfter(Duration d) {
            return new Script(d, null);
        }

        static Script failAfter(Duration d, String code) {
            return new Script(d, code);
        }
    }

    private final VirtualTimeScheduler time;
    private final Map<String, Script> scripts = new HashMap<>();
    private final Map<String, Sinks.One<String>> manual = new HashMap<>();
    private @Nullable Duration freeAfter;
    /** ip -> virtual ms its attempt started. */
    final Map<String, Long> started = new LinkedHashMap<>();
    final Map<String, AtomicInteger> cancels = new HashMap<>();
    final List<String> discarded = new ArrayList<>();
    final List<List<String>> won = new ArrayList<>();
    int raceOver;

    FakeDialer(VirtualTimeScheduler time) {
        this.time = time;
    }

    /** The attempt to {@code ip} connects when the test says so ({@link #connectNow}). */
    FakeDialer manual(String ip) {
        manual.put(ip, Sinks.one());
        return this;
    }

    /** Connects the manual attempt to {@code ip} now. */
    void connectNow(String ip) {
        manual.get(ip).tryEmitValue("conn " + ip).orThrow();
    }

    FakeDialer script(String ip, Script script) {
        scripts.put(ip, script);
        return this;
    }

    /** A cancelled attempt's port is free this long after its cancel (default: at once). */
    FakeDialer portFreeAfter(Duration d) {
        freeAfter = d;
        return this;
    }

    long now() {
        return time.now(TimeUnit.MILLISECONDS);
    }

    int cancels(String ip) {
        AtomicInteger n = cancels.get(ip);
        return n == null ? 0 : n.get();
    }

    @Override
    public Attempt<String> dial(InetSocketAddress target) {
        String ip = io.reactivenet.internal.connect.Addresses.text(target.getAddress());
        Script s = scripts.getOrDefault(ip, Script.never());
        Mono<String> result;
        if (manual.containsKey(ip)) {
            result = manual.get(ip).asMono();
        } else if (s.after() == null) {
            result = Mono.never();
        } else if (s.failCode() == null) {
            result = Mono.delay(s.after(), time).map(x -> "conn " + ip);
        } else {
            result = Mono.delay(s.after(), time).then(Mono.error(new NetException(s.failCode(),
                    "connect " + s.failCode() + " " + ip + ":" + target.getPort(), "connect", ip, target.getPort(), null)));
        }
        Mono<String> connect = result
                .doOnSubscribe(x -> started.put(ip, now()))
                .doOnCancel(() -> cancels.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet());
        Mono<Void> freed = freeAfter == null ? Mono.empty() : Mono.delay(freeAfter, time).then();
        return new Attempt<>(connect, freed);
    }

    @Override
    public void discard(String connection) {
        discarded.add(connection);
    }

    @Override
    public void won(String winner, List<String> attempted) {
        won.add(attempted);
    }

    @Override
    public void raceOver() {
        raceOver++;
    }
}
