package io.reactivenet.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One chat user on a plain socket: a thread reads its lines into a queue (with the time each
 * arrived), so that a test can wait for a line and still see everything the user got.
 */
final class ChatUser implements AutoCloseable {

    /** A line and when it arrived (System.nanoTime). */
    record Heard(String line, long at) {
    }

    private static final Heard END = new Heard("\u0000END", 0);

    final String id;
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Heard> queue = new LinkedBlockingQueue<>();
    /** Every line this user got, in order. */
    final List<Heard> heard = new CopyOnWriteArrayList<>();
    volatile boolean ended;

    ChatUser(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        id = "127.0.0.1:" + socket.getLocalPort();
        out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String l; (l = in.readLine()) != null; ) {
                    Heard h = new Heard(l, System.nanoTime());
                    heard.add(h);
                    queue.add(h);
                }
            } catch (IOException closed) {
                // the test closed it, or the server did
            } finally {
                ended = true;
                queue.add(END);
            }
        }, "chat-user-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} as is (many lines in one write). */
    void sendRaw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line matching {@code p} (others are skipped, but stay in {@link #heard}). */
    String await(Predicate<String> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Heard h = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (h == null) {
                    throw new AssertionError(id + ": no matching line within " + timeout + "; heard: " + lines());
                }
                if (h == END) {
                    queue.add(END);
                    throw new AssertionError(id + ": connection ended; heard: " + lines());
                }
                if (p.test(h.line())) {
                    return h.line();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until this user has heard {@code line}, whoever consumed it from the queue. */
    void awaitHeard(String line, Duration timeout) {
        try {
            io.reactivenet.testing.Await.until(id + " to hear " + line, timeout, () -> lines().contains(line));
        } catch (AssertionError e) {
            throw new AssertionError(id + ": never heard " + line + "; heard: " + lines(), e);
        }
    }

    /** The next line starting with {@code prefix}. */
    String awaitStart(String prefix, Duration timeout) {
        return await(l -> l.startsWith(prefix), timeout);
    }

    /** Asks for the room-wide user list; returns the ids. */
    List<String> users(Duration timeout) {
        send(ChatServer.USERS_COMMAND);
        String l = awaitStart("Users online (", timeout);
        String list = l.substring(l.indexOf("): ") + 3);
        return list.isEmpty() ? List.of() : List.of(list.split(", "));
    }

    List<String> lines() {
        return heard.stream().map(Heard::line).toList();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
