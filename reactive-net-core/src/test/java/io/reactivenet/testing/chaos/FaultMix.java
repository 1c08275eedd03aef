package io.reactivenet.testing.chaos;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The faults of one proxied connection, both directions, drawn from a seed: the same seed always
 * gives the same mix, so a failure is reproduced from the seed its message prints.
 *
 * @param seed     what the mix was drawn from (0 for {@link #none()})
 * @param toServer faults on the bytes the client sends
 * @param toClient faults on the bytes the server sends
 */
public record FaultMix(long seed, Faults toServer, Faults toClient) {

    public FaultMix {
        Objects.requireNonNull(toServer, "toServer");
        Objects.requireNonNull(toClient, "toClient");
    }

    /** A transparent proxy. */
    public static FaultMix none() {
        return new FaultMix(0, Faults.none(), Faults.none());
    }

    /**
     * Random faults in both directions of a connection that carries about {@code streamBytes} each
     * way, plus {@code cut} (unless {@link Cut#NONE}) in a random direction at a random byte below
     * {@code streamBytes}.
     */
    public static FaultMix random(long seed, Cut cut, long streamBytes) {
        Objects.requireNonNull(cut, "cut");
        SplittableRandom r = new SplittableRandom(seed);
        Faults up = Faults.random(r, streamBytes);
        Faults down = Faults.random(r, streamBytes);
        if (cut != Cut.NONE) {
            long at = r.nextLong(0, Math.max(1, streamBytes));
            if (r.nextBoolean()) {
                up = up.withCut(cut, at);
            } else {
                down = down.withCut(cut, at);
            }
        }
        return new FaultMix(seed, up, down);
    }

    /**
     * The seed of the {@code n}th connection of a proxy whose mixes derive from {@code seed}: a
     * different, reproducible stream per connection.
     */
    public static long derive(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long s = r.nextLong();
        for (int i = 0; i < n; i++) {
            s = r.nextLong();
        }
        return s;
    }

    /** Whether either direction may end early or with an error. */
    public boolean destructive() {
        return toServer.destructive() || toClient.destructive();
    }

    @Override
    public String toString() {
        return "seed=" + seed + " {to server: " + toServer + "; to client: " + toClient + "}";
    }
}
