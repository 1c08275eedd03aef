package io.reactivenet.connect;

import io.reactivenet.ConnectEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/** Test fixtures for the connect tests: a SYN black hole, event formatting, node runs, kernel socket states. */
final class ConnectFixtures {

    private ConnectFixtures() {
    }

    /**
     * A listener that never answers a SYN: a listening socket with backlog 1 and a full accept queue
     * (clients connected and never accepted). Linux then drops new SYNs, so a connect to it neither
     * succeeds nor fails until the client gives up. Checked on construction: the last probe timed out.
     */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocketChannel server;
        private final List<Socket> fillers = new ArrayList<>();
        private final List<java.nio.channels.SocketChannel> accepted = new ArrayList<>();
        final int port;

        BlackHole(InetAddress address, int port) throws IOException {
            server = ServerSocketChannel.open();
            try {
                server.bind(new InetSocketAddress(address, port), 1);
                this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                for (int i = 0; i < 8; i++) {
                    Socket probe = new Socket();
                    try {
                        probe.connect(new InetSocketAddress(address, this.port), 300);
                        fillers.add(probe);
                    } catch (SocketTimeoutException dropped) {
                        probe.close();
                        return;
                    }
                }
                throw new IllegalStateException("the kernel kept accepting SYNs on a full backlog-1 queue: no black hole");
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /**
         * Accepts the queued fillers, so the queue has room again: the next retransmission of a
         * dropped SYN (Linux: 1 s after the first) is answered.
         */
        void open() throws IOException {
            for (int i = 0; i < fillers.size(); i++) {
                accepted.add(server.accept());
            }
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            for (java.nio.channels.SocketChannel c : accepted) {
                c.close();
            }
            server.close();
        }
    }

    /** One line per event, in the format node/connect/events.js prints. */
    static String describe(ConnectEvent event) {
        if (event instanceof ConnectEvent.Lookup l) {
            return "lookup " + (l.error() == null ? "null" : l.error().code()) + " "
                    + (l.address() == null ? "-" : l.address()) + " " + (l.family() == 0 ? "-" : l.family()) + " " + l.host();
        }
        if (event instanceof ConnectEvent.ConnectionAttempt a) {
            return "connectionAttempt " + a.ip() + " " + a.port() + " " + a.family();
        }
        if (event instanceof ConnectEvent.ConnectionAttemptFailed f) {
            return "connectionAttemptFailed " + f.ip() + " " + f.port() + " " + f.family() + " " + f.error().code();
        }
        ConnectEvent.ConnectionAttemptTimeout t = (ConnectEvent.ConnectionAttemptTimeout) event;
        return "connectionAttemptTimeout " + t.ip() + " " + t.port() + " " + t.family();
    }

    /** Runs node/connect/events.js with {@code args} and returns its lines. */
    static List<String> node(String... args) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(ConnectFixtures.class.getResource("/node/connect/events.js").toURI());
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(Arrays.asList(args));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("node did not finish in 30 s: " + command);
            }
            try (InputStream in = node.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (node.exitValue() != 0) {
                    throw new AssertionError("node failed (" + node.exitValue() + "): " + out);
                }
                return out.lines().toList();
            }
        } finally {
            node.destroyForcibly();
        }
    }

    /** How many of this machine's TCP sockets are in SYN_SENT towards {@code port} (IPv4 and IPv6). */
    static long synSentTo(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                n += lines.skip(1).map(String::trim).map(l -> l.split("\\s+"))
                        .filter(f -> f.length > 3 && f[2].endsWith(hexPort) && f[3].equals("02"))
                        .count();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + table, e);
            }
        }
        return n;
    }

    /** Waits (bounded) until no socket is in SYN_SENT towards {@code port}; returns the last count. */
    static long awaitNoSynSent(int port, Duration within) {
        Long last = Flux.interval(Duration.ZERO, Duration.ofMillis(20))
                .map(i -> synSentTo(port))
                .filter(n -> n == 0)
                .next()
                .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .timeout(within, reactor.core.publisher.Mono.fromCallable(() -> synSentTo(port)))
                .block();
        return last == null ? synSentTo(port) : last;
    }
}
