package io.reactivenet.internal.connect;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What the {@link Race} needs from connection attempts, and all it knows of them: the race decides
 * when attempts start and end, a dialer makes them. {@link TcpDialer} makes Reactor Netty TCP
 * connects; tests give fakes on virtual time.
 *
 * <p>Threading: every method is called on the race's scheduler, one call at a time.
 *
 * @param <S> the connection an attempt gives
 */
public interface Dialer<S> {

    /**
     * One attempt to {@code target}. Nothing starts until {@link Attempt#connect()} is subscribed,
     * which the race does once.
     */
    Attempt<S> dial(InetSocketAddress target);

    /**
     * A connection that arrived after the race was decided (or cancelled): the dialer closes it.
     * Called at most once per connection.
     */
    void discard(S connection);

    /** The winner, before the race emits it, with the attempted addresses (Node's {@code autoSelectFamilyAttemptedAddresses}). */
    default void won(S winner, List<String> attempted) {
    }

    /** The race is over (won, failed or cancelled): no {@link #dial} follows. Called once. */
    default void raceOver() {
    }

    /**
     * One attempt.
     *
     * @param connect emits the connection or the attempt's error; cancelling it closes the attempt
     * @param freed completes once a cancelled attempt has given back its local port, so that the next
     *     attempt can bind it (only waited on when the connect binds a local port)
     */
    record Attempt<S>(Mono<S> connect, Mono<Void> freed) {
        public Attempt {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(freed, "freed");
        }
    }

    /**
     * A dialer from a function: each attempt is {@code connect.apply(target)}, its local port free
     * as soon as it is cancelled; a late connection goes to {@code discard}.
     */
    static <S> Dialer<S> of(Function<? super InetSocketAddress, ? extends Mono<S>> connect,
            Consumer<? super S> discard) {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(discard, "discard");
        return new Dialer<>() {
            @Override
            public Attempt<S> dial(InetSocketAddress target) {
                return new Attempt<>(Mono.defer(() -> connect.apply(target)), Mono.empty());
            }

            @Override
            public void discard(S connection) {
                discard.accept(connection);
            }
        };
    }
}
