package io.reactivenet.bench.harness;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.LineCodec;
import io.reactivenet.ipc.Ipc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * One JVM echo server process of the harness: a byte-stream echo and a line-framed echo, both on
 * {@code 127.0.0.1} with port 0.
 *
 * <p>Usage: {@code EchoServers <kind> [--transport auto|nio|epoll|io_uring] [--rn-transport epoll|io_uring|nio] [--tls-cert FILE --tls-key FILE
 * [--tls-provider jdk|openssl]]} with kind one of
 * {@code reactive-net|reactive-net-epoll|reactive-net-metrics|reactor-netty|reactor-netty-matched|vertx} ({@code --transport}
 * applies to ours). Prints one line {@code READY stream=<port> lines=<port or -1> pid=<pid> loops=<n>
 * uds=<path or -> transport=<name> tls=<port or -1>} once all listen, then reads
 * commands from stdin: {@code gc} (full GC, answers {@code HEAP <bytes used>}) and {@code quit}; end
 * of stdin also quits, so a harness that dies takes its servers with it. A process also exits by
 * itself after {@link #MAX_LIFETIME}, so nothing outlives a broken run.
 *
 * <ul>
 *   <li>{@code reactive-net}: {@code socket -> socket.send(socket.inbound())} on the default loops
 *       ({@link NetLoops#DEFAULT_THREADS}, one per core the process may use), or on loops of the
 *       transport {@code --transport} names ({@link #loopsFor}); lines with the framing operators
 *       (decode lines, encode them back).
 *   <li>{@code reactive-net-epoll}: {@code reactive-net --transport epoll}.
 *   <li>{@code reactive-net-metrics}: {@code reactive-net} recording Micrometer metrics into a
 *       {@code SimpleMeterRegistry}, to measure their cost.
 *   <li>{@code reactor-netty}: what a Reactor Netty user writes,
 *       {@code TcpServer.create().handle((in, out) -> out.send(in.receive().retain()))}, on Reactor
 *       Netty's default loops ({@code max(cores, 4)}); lines with {@link LineBasedFrameDecoder}.
 *   <li>{@code reactor-netty-matched}: the same on {@link NetLoops#DEFAULT_THREADS} loops, so the
 *       loop count matches ours.
 *   <li>{@code vertx}: Vert.x {@code NetServer}, see {@link VertxEcho}.
 * </ul>
 * All servers set TCP_NODELAY (Reactor Netty's default; ours and Node's set explicitly).
 *
 * <p>With {@code --tls-cert}/{@code --tls-key} (PEM chain, PKCS#8 key) ours and both Reactor Netty
 * kinds also run a TLS stream echo ({@code tls=<port>}) on the same loops, with the same provider
 * ({@code --tls-provider}, JDK unless given): ours is the {@code echo-server} sample's
 * {@code ServerOptions.tls(TlsOptions.server(cert, key))}, Reactor Netty's is
 * {@code secure(spec -> spec.sslContext(TcpSslContextSpec.forServer(cert, key)))}; both keep
 * their defaults otherwise (TLS 1.3 and 1.2, 10 s handshake timeout).
 */
public final class EchoServers {

    /** Longest line the line echo accepts (the harness sends 64 KiB lines). */
    static final int MAX_LINE = 128 * 1024;
    static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

    private EchoServers() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> opt = new java.util.HashMap<>();
        boolean usage = args.length == 0 || args.length % 2 == 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!List.of("--transport", "--tls-cert", "--tls-key", "--tls-provider").contains(args[i])) {
                usage = true;
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        if (usage || opt.containsKey("tls-cert") != opt.containsKey("tls-key")) {
            System.err.println("usage: EchoServers reactive-net|reactive-net-epoll|reactor-netty|reactor-netty-matched|vertx"
                    + " [--transport auto|nio|epoll|io_uring] [--tls-cert FILE --tls-key FILE [--tls-provider jdk|openssl]]");
            System.exit(2);
        }
        String transport = opt.getOrDefault("transport", "auto");
        @Nullable TlsEcho tls = opt.containsKey("tls-cert")
                ? new TlsEcho(Path.of(Objects.requireNonNull(opt.get("tls-cert"))),
                        Path.of(Objects.requireNonNull(opt.get("tls-key"))), opt.getOrDefault("tls-provider", "jdk"))
                : null;
        int tlsPort = -1;
        String kind = args[0];
        if (kind.equals("reactive-net-epoll")) {
            transport = "epoll";
        }
        List<Disposable> open = new ArrayList<>();
        int streamPort;
        int linesPort;
        int loops;
        String udsPath = "-";
        String transportName;
        switch (kind) {
            case "reactive-net", "reactive-net-epoll", "reactive-net-metrics" -> {
                ServerOptions options = ServerOptions.defaults().noDelay(true);
                if (kind.equals("reactive-net-metrics")) {
                    // The overhead of Micrometer metrics (docs/observability.md): the same echo, recording.
                    options = options.metrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
                }
                NetLoops chosen = loopsFor(transport);
                if (chosen != null) {
                    open.add(chosen);
                    options = options.loops(chosen);
                }
                ListeningServer stream = Net.createServer(options, s -> s.send(s.inbound()))
                        .listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
                open.add(Objects.requireNonNull(stream));
                streamPort = Objects.requireNonNull(stream.address()).port();
                ListeningServer lines = Net.createServer(options, lineEcho())
                        .listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
                open.add(Objects.requireNonNull(lines));
                linesPort = Objects.requireNonNull(lines.address()).port();
                loops = NetLoops.DEFAULT_THREADS;
                udsPath = udsEcho(open);
                transportName = transportName(chosen);
                if (tls != null) {
                    ListeningServer secure = Net.createServer(options.tls(tls.ours()), s -> s.send(s.inbound()))
                            .listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
                    open.add(Objects.requireNonNull(secure));
                    tlsPort = Objects.requireNonNull(secure.address()).port();
                }
            }
            case "reactor-netty", "reactor-netty-matched" -> {
                // Reactor Netty on Netty's own epoll loops: what TcpServer.create() runs on Linux in an
                // application without the io_uring jars. This jar has them (for our --transport io_uring),
                // and with them Reactor Netty's default loops would silently run io_uring instead.
                loops = kind.equals("reactor-netty-matched") ? NetLoops.DEFAULT_THREADS : LoopResources.DEFAULT_IO_WORKER_COUNT;
                MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(loops,
                        new DefaultThreadFactory("rn-" + kind, true), rnIoHandler(opt.getOrDefault("rn-transport", "epoll")));
                open.add(() -> group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS));
                TcpServer base = TcpServer.create().host("127.0.0.1").port(0).runOn(group);
                DisposableServer stream = base
                        .handle((in, out) -> out.send(in.receive().retain()))
                        .bindNow(Duration.ofSeconds(10));
                open.add(stream);
                streamPort = stream.port();
                DisposableServer lines = base
                        .doOnConnection(c -> c.addHandlerLast(new LineBasedFrameDecoder(MAX_LINE, false, false)))
                        .handle((in, out) -> out.send(in.receive().retain()))
                        .bindNow(Duration.ofSeconds(10));
                open.add(lines);
                linesPort = lines.port();
                transportName = transportOf(stream);
                if (tls != null) {
                    reactor.netty.tcp.TcpSslContextSpec spec = tls.reactorNetty();
                    DisposableServer secure = base.secure(s -> s.sslContext(spec))
                            .handle((in, out) -> out.send(in.receive().retain()))
                            .bindNow(Duration.ofSeconds(10));
                    open.add(secure);
                    tlsPort = secure.port();
                }
            }
            case "vertx" -> {
                VertxEcho vertx = VertxEcho.start(MAX_LINE, Duration.ofSeconds(10));
                open.add(vertx);
                streamPort = vertx.streamPort;
                linesPort = vertx.linesPort;
                loops = 1;
                transportName = vertx.transport();
            }
            default -> {
                System.err.println("unknown server kind: " + kind);
                System.exit(2);
                return;
            }
        }
        Thread reaper = new Thread(() -> {
            try {
                Thread.sleep(MAX_LIFETIME.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("EchoServers: lifetime of " + MAX_LIFETIME + " exceeded, exiting");
            Runtime.getRuntime().halt(3);
        }, "lifetime");
        reaper.setDaemon(true);
        reaper.start();

        long pid = ProcessHandle.current().pid();
        System.out.println("READY stream=" + streamPort + " lines=" + linesPort + " pid=" + pid + " loops=" + loops
                + " uds=" + udsPath + " transport=" + transportName + " tls=" + tlsPort);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.trim();
                if (line.equals("quit")) {
                    break;
                }
                if (line.equals("gc")) {
                    System.gc();
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    System.out.println("HEAP " + used);
                    System.out.flush();
                }
            }
        } finally {
            for (Disposable d : open) {
                try {
                    d.dispose();
                } catch (RuntimeException e) {
                    // exiting anyway; the OS closes what is left
                }
            }
        }
        System.exit(0);
    }

    /** The TLS echo's certificate, key and provider, as each server kind takes them. */
    record TlsEcho(Path cert, Path key, String provider) {
        TlsEcho {
            if (!provider.equals("jdk") && !provider.equals("openssl")) {
                throw new IllegalArgumentException("--tls-provider must be jdk|openssl: " + provider);
            }
        }

        /** Ours: what the echo-server sample does with --tls-cert/--tls-key, on the chosen provider. */
        io.reactivenet.tls.TlsOptions ours() {
            return io.reactivenet.tls.TlsOptions.server(io.reactivenet.tls.TlsOptions.readPem(cert),
                    io.reactivenet.tls.TlsOptions.readPem(key)).provider(provider.equals("jdk")
                            ? io.reactivenet.tls.TlsProvider.JDK : io.reactivenet.tls.TlsProvider.OPENSSL);
        }

        /** Reactor Netty's: the documented {@code TcpSslContextSpec}, on the same provider. */
        reactor.netty.tcp.TcpSslContextSpec reactorNetty() {
            io.netty.handler.ssl.SslProvider p = provider.equals("jdk")
                    ? io.netty.handler.ssl.SslProvider.JDK : io.netty.handler.ssl.SslProvider.OPENSSL;
            return reactor.netty.tcp.TcpSslContextSpec.forServer(cert.toFile(), key.toFile())
                    .configure(b -> b.sslProvider(p));
        }
    }

    /**
     * The loops of our servers for {@code --transport}: the one place that maps the option onto
     * reactive-net's API ({@link NetLoops#create(String, int, Transport)}). Null means our default
     * loops ({@code auto}). An unavailable transport fails here with reactive-net's own error.
     */
    static @Nullable NetLoops loopsFor(String transport) {
        return switch (transport) {
            case "auto" -> null;
            case "nio" -> NetLoops.create("rn-nio", NetLoops.DEFAULT_THREADS, Transport.NIO);
            case "epoll" -> NetLoops.create("rn-epoll", NetLoops.DEFAULT_THREADS, Transport.EPOLL);
            case "io_uring" -> NetLoops.create("rn-io_uring", NetLoops.DEFAULT_THREADS, Transport.IO_URING);
            default -> throw new IllegalArgumentException("--transport must be auto|nio|epoll|io_uring: " + transport);
        };
    }

    /** The transport our servers run on with these loops (null: the default loops). */
    static String transportName(@Nullable NetLoops loops) {
        // AUTO's choice is made when the default loops are created: report what the loops say
        // (the servers hold the default group at this point, so the lease only looks at it).
        if (loops != null) {
            return loops.transport().name().toLowerCase(java.util.Locale.ROOT);
        }
        NetLoops.Lease lease = NetLoops.Lease.of(null);
        try {
            return "auto:" + lease.loops().transport().name().toLowerCase(java.util.Locale.ROOT);
        } finally {
            lease.dispose();
        }
    }

    /** Netty's I/O handler for Reactor Netty's loops: epoll (the default), io_uring or nio. */
    static IoHandlerFactory rnIoHandler(String transport) {
        return switch (transport) {
            case "epoll" -> EpollIoHandler.newFactory();
            case "io_uring" -> io.netty.channel.uring.IoUringIoHandler.newFactory();
            case "nio" -> NioIoHandler.newFactory();
            default -> throw new IllegalArgumentException("--rn-transport must be epoll|io_uring|nio: " + transport);
        };
    }

    /** "epoll", "nio", "io_uring" (or the class name) of a Reactor Netty server's channel. */
    static String transportOf(DisposableServer server) {
        String name = server.channel().getClass().getSimpleName();
        if (name.startsWith("Epoll")) {
            return "epoll";
        }
        if (name.startsWith("Nio")) {
            return "nio";
        }
        return name.startsWith("IoUring") || name.startsWith("IOUring") ? "io_uring" : name;
    }

    /**
     * Our stream echo on a Unix domain socket in a fresh temporary directory (the ipc module's
     * default transport, NIO). Returns the socket path, or "-" if it cannot listen.
     */
    static String udsEcho(List<Disposable> open) {
        try {
            Path dir = Files.createTempDirectory("rn-bench");
            String path = dir.resolve("echo.sock").toString();
            Path made = dir;
            ListeningServer listening;
            try {
                listening = Objects.requireNonNull(
                        Ipc.createServer(ServerOptions.defaults(), s -> s.send(s.inbound()))
                                .listen(path).block(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                Files.deleteIfExists(Path.of(path));
                Files.deleteIfExists(made);
                throw e;
            }
            open.add(listening);
            open.add(() -> {
                try {
                    Files.deleteIfExists(Path.of(path));
                    Files.deleteIfExists(made);
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            });
            return path;
        } catch (IOException | RuntimeException e) {
            System.err.println("EchoServers: no Unix socket echo (" + e + ")");
            return "-";
        }
    }

    /**
     * Our line echo: decode lines with the framing operators, encode each back with its newline,
     * the way a user of reactive-net writes it.
     */
    static Function<NetSocket, Publisher<Void>> lineEcho() {
        LineCodec lines = Framing.lines(MAX_LINE);
        return s -> s.send(s.inbound().transform(lines.decoder()).transform(lines.encoder()));
    }
}
