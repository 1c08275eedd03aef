package io.reactivenet.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Standard input as a backpressured {@code Flux<ByteBuffer>}, and raw writes to standard output. */
final class Stdio {

    private Stdio() {
    }

    /**
     * The bytes of {@code in}, one chunk per {@code read}: read only on demand (so a slow socket
     * stops us reading stdin), on a blocking-friendly thread, completing at end of input.
     */
    static Flux<ByteBuffer> read(InputStream in) {
        return Flux.<ByteBuffer>generate(sink -> {
            byte[] chunk = new byte[8192];
            try {
                int n = in.read(chunk);
                if (n < 0) {
                    sink.complete();
                } else {
                    sink.next(ByteBuffer.wrap(Arrays.copyOf(chunk, n)));
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException(e));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Writes the buffer's bytes to stdout as they are (no charset round trip) and flushes. */
    static void write(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        synchronized (System.out) {
            System.out.write(bytes, 0, bytes.length);
            System.out.flush();
        }
    }
}
