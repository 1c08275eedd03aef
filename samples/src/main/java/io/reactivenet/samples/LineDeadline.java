package io.reactivenet.samples;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The chat's guard against slowloris: a line must be finished within a time limit of its first
 * byte. Node's idle timeout ({@code --idle}) counts bytes, so a peer trickling one byte a second into
 * a line it never ends is never idle; this counts whole lines. Lines that arrive whole in one read,
 * the usual case, cost a scan for {@code '\n'} and no timer; a read that ends inside a line starts one
 * timer, which the line's end cancels.
 *
 * <p>Told of every chunk of the inbound bytes, before the line decoder ({@link #observe}). Threading:
 * chunks and the timer come from the socket's event loop; the methods are synchronized all the same
 * (uncontended), so a scheduler of another thread would not break it.
 */
final class LineDeadline {

    private final long limitMillis;
    private final Scheduler scheduler;
    private final Runnable onExpired;
    /** A line has started and not ended: its timer runs. */
    private @Nullable Disposable timer;
    private boolean expired;

    /** {@code onExpired} runs once, when a line stays unfinished for {@code limit}. */
    LineDeadline(Duration limit, Scheduler scheduler, Runnable onExpired) {
        this.limitMillis = limit.toMillis();
        this.scheduler = scheduler;
        this.onExpired = onExpired;
    }

    /** The next chunk of inbound bytes (not consumed: its position is left as it was). */
    synchronized void observe(ByteBuffer chunk) {
        int start = chunk.position();
        int end = chunk.limit();
        if (start == end || expired) {
            return;
        }
        int lastNewline = -1;
        for (int i = end - 1; i >= start; i--) {
            if (chunk.get(i) == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline >= 0) {
            stop(); // the line under way, if any, ended in this chunk
        }
        if (lastNewline != end - 1 && timer == null) {
            // this chunk leaves a line unfinished: it started here (or earlier, with a timer already running)
            timer = scheduler.schedule(this::expire, limitMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The connection is over: no timer outlives it. */
    synchronized void stop() {
        Disposable t = timer;
        if (t != null) {
            t.dispose();
            timer = null;
        }
    }

    private void expire() {
        synchronized (this) {
            if (timer == null || expired) {
                return; // the line ended as the timer fired
            }
            timer = null;
            expired = true;
        }
        onExpired.run();
    }
}
