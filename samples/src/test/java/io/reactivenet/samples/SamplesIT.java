package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The echo, JSON, timeout and IPC samples and the command line, run as a user runs them
 * ({@code java -jar target/reactive-net-samples.jar ...}) and driven by node, nc and the sample
 * clients themselves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SamplesIT {

    private static final Duration LINE = Duration.ofSeconds(10);
    /**
     * How long a signalled server may take to exit by itself: the graceful close is bounded by
     * {@code Servers.GRACE} (2 s) plus 1 s for closeNow, then the JVM exits. The bound checks that it
     * exits on its own, not how fast: 5 s failed once on a loaded 2-core machine (echo-server, SIGINT).
     */
    private static final Duration STOP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** echo-client pipes stdin to the server and the replies to stdout; nc gets its bytes back too. */
    @Test
    void echoServerWithEchoClientAndNc() {
        try (Proc server = Proc.jar("echo-server", "--port", "0")) {
            String port = Integer.toString(server.port());
            try (Proc client = Proc.jar("echo-client", "--port", port)) {
                client.write("hello\nwörld ✓\n");
                client.closeStdin();
                assertThat(client.allStdout(LINE)).isEqualTo("hello\nwörld ✓\n");
                assertThat(client.waitFor(LINE)).isZero();
            }
            try (Proc nc = Proc.nc("127.0.0.1", port)) {
                nc.write("from nc\n");
                assertThat(nc.nextLine(LINE)).isEqualTo("from nc");
                nc.closeStdin();
            }
            server.terminate();
            assertThat(server.waitFor(STOP)).isZero();
        }
    }

    /** echo-server --metrics: on shutdown, one line with what its Micrometer meters counted. */
    @Test
    void echoServerWithMetricsPrintsASummaryOnShutdown() throws Exception {
        try (Proc server = Proc.jar("echo-server", "--port", "0", "--metrics")) {
            try (Socket client = new Socket("127.0.0.1", server.port())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                assertThat(reader(client).readLine()).isEqualTo("ping");
                client.shutdownOutput();
                assertThat(client.getInputStream().read()).as("the server ends too").isEqualTo(-1);
            }
            server.signal("TERM"); // not terminate(): Process.destroy() closes our end of its stdout
            assertThat(server.lineStartingWith("metrics:", LINE))
                    .isEqualTo("metrics: connections 1 (dropped 0, blocked 0), bytes in 5 out 5, errors 0");
            assertThat(server.waitFor(STOP)).isZero();
        }
    }

    /** {@code --transport}: the echo server answers on every transport this machine runs. */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "nio", "epoll", "io_uring"})
    void echoServerOnEachTransport(String transport) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.equals("auto") || transport.equals("nio")
                || io.reactivenet.Transport.valueOf(transport.toUpperCase(java.util.Locale.ROOT)).isAvailable(),
                transport + " is not available here");
        try (Proc server = Proc.jar("echo-server", "--port", "0", "--transport", transport);
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) LINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("over the chosen transport\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(reader(socket).readLine()).isEqualTo("over the chosen transport");
            server.terminate();
            assertThat(server.waitFor(STOP)).isZero();
        }
    }

    /** echo-server --tls-cert/--tls-key: TLS echo, the same "listening on" line. */
    @Test
    void echoServerOverTls() throws java.io.IOException {
        Path cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"),
                io.reactivenet.testing.TlsFixtures.SERVER.certificatePem());
        Path key = java.nio.file.Files.writeString(dir.resolve("key.pem"), io.reactivenet.testing.TlsFixtures.SERVER.keyPem());
        try (Proc server = Proc.jar("echo-server", "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            io.reactivenet.NetSocket client = io.reactivenet.Net.connect(io.reactivenet.ConnectOptions.to("localhost", server.port())
                    .tls(io.reactivenet.testing.TlsFixtures.client())).block(LINE);
            String back = client.write("over tls").then(client.end())
                    .thenMany(client.inbound().map(b -> java.nio.charset.StandardCharsets.UTF_8.decode(b).toString()))
                    .reduce("", String::concat).block(LINE);
            assertThat(back).isEqualTo("over tls");
            assertThat(client.tlsSession().peerCertificates()).first()
                    .isEqualTo(io.reactivenet.testing.TlsFixtures.SERVER.certificate());
            server.terminate();
            assertThat(server.waitFor(STOP)).isZero();
        }
    }

    /** chat-server --tls-cert/--tls-key: the room over TLS, the same "listening on" line. */
    @Test
    void chatServerOverTls() throws java.io.IOException {
        Path cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"),
                io.reactivenet.testing.TlsFixtures.SERVER.certificatePem());
        Path key = java.nio.file.Files.writeString(dir.resolve("key.pem"), io.reactivenet.testing.TlsFixtures.SERVER.keyPem());
        try (Proc server = Proc.jar("chat-server", "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            io.reactivenet.NetSocket client = io.reactivenet.Net.connect(io.reactivenet.ConnectOptions.to("localhost", server.port())
                    .tls(io.reactivenet.testing.TlsFixtures.client())).block(LINE);
            String welcome = client.inbound().transform(io.reactivenet.text.Text.lines(4096)).next().block(LINE);
            assertThat(welcome).startsWith("Welcome to the chat server!");
            assertThat(client.tlsSession().peerCertificates()).first()
                    .isEqualTo(io.reactivenet.testing.TlsFixtures.SERVER.certificate());
            client.destroy();
            server.terminate();
            assertThat(server.waitFor(STOP)).isZero();
        }
    }

    /** Acceptance 5: the tutorial's client messages get the tutorial's answers; garbage gets "Invalid JSON format". */
    @Test
    void jsonServerAnswersTheTutorialProtocol() {
        try (Proc server = Proc.jar("json-server", "--port", "0");
             Proc peer = Proc.node("/node/json-peer.js", Integer.toString(server.port()))) {
            JsonMapper json = JsonMapper.shared();
            JsonNode welcome = json.readTree(peer.nextLine(LINE));
            assertThat(welcome.get("type").asString()).isEqualTo("welcome");
            assertThat(welcome.get("message").asString()).isEqualTo("Hello, Client!");
            assertThat(welcome.get("timestamp").isIntegralNumber()).isTrue();

            JsonNode time = json.readTree(peer.nextLine(LINE));
            assertThat(time.get("type").asString()).isEqualTo("response");
            assertThat(time.get("queryId").asInt()).isEqualTo(1);
            assertThat(Instant.parse(time.get("result").get("time").asString()))
                    .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

            JsonNode stats = json.readTree(peer.nextLine(LINE));
            assertThat(stats.get("queryId").asInt()).isEqualTo(2);
            assertThat(stats.get("result").get("uptime").isNumber()).isTrue();
            assertThat(stats.get("result").get("memory").get("heapUsed").isIntegralNumber()).isTrue();
            assertThat(stats.get("result").get("platform").asString()).isNotEmpty();

            JsonNode garbage = json.readTree(peer.nextLine(LINE));
            assertThat(garbage.get("type").asString()).isEqualTo("error");
            assertThat(garbage.get("message").asString()).isEqualTo("Invalid JSON format");
            assertThat(garbage.get("timestamp").isIntegralNumber()).isTrue();

            JsonNode unknownType = json.readTree(peer.nextLine(LINE));
            assertThat(unknownType.get("type").asString()).isEqualTo("error");
            assertThat(unknownType.get("message").asString()).isEqualTo("Unknown message type");

            JsonNode unknownQuery = json.readTree(peer.nextLine(LINE));
            assertThat(unknownQuery.get("type").asString()).isEqualTo("response");
            assertThat(unknownQuery.get("queryId").asInt()).isEqualTo(3);
            assertThat(unknownQuery.get("result").get("error").asString()).isEqualTo("Unknown query");
            assertThat(peer.waitFor(LINE)).isZero();
        }
    }

    /** json-client: greeting, time, stats; prints the three replies as JSON lines and exits 0. */
    @Test
    void jsonClientPrintsTheThreeReplies() {
        try (Proc server = Proc.jar("json-server", "--port", "0");
             Proc client = Proc.jar("json-client", "--port", Integer.toString(server.port()))) {
            List<String> lines = client.allStdout(Duration.ofSeconds(20)).lines().toList();
            assertThat(client.waitFor(LINE)).isZero();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).contains("\"type\":\"welcome\"", "\"message\":\"Hello, Client!\"");
            assertThat(lines.get(1)).contains("\"type\":\"response\"", "\"queryId\":1", "\"time\":");
            assertThat(lines.get(2)).contains("\"type\":\"response\"", "\"queryId\":2", "\"uptime\":");
        }
    }

    /** Acceptance 4: an idle client is told and disconnected after the idle time; an active one stays. */
    @Test
    void timeoutServerDisconnectsTheIdleClientAndKeepsTheActiveOne() throws Exception {
        try (Proc server = Proc.jar("timeout-server", "--port", "0", "--idle", "1s");
             Socket idle = new Socket();
             Socket active = new Socket()) {
            int port = server.port();
            long start = System.nanoTime();
            idle.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            active.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            idle.setSoTimeout(10_000);
            active.setSoTimeout(10_000);
            BufferedReader idleIn = reader(idle);
            BufferedReader activeIn = reader(active);
            OutputStream activeOut = active.getOutputStream();

            // The active client talks every 300 ms for 2.4 s: more than twice the idle time.
            for (int i = 0; i < 8; i++) {
                activeOut.write(("ping " + i + "\n").getBytes(StandardCharsets.UTF_8));
                assertThat(activeIn.readLine()).isEqualTo("ping " + i);
                Thread.sleep(300);      // pacing the client, not waiting for an event
            }
            assertThat(idleIn.readLine()).isEqualTo(TimeoutServer.MESSAGE.strip());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(idleIn.readLine()).as("then the server ends the idle connection").isNull();

            activeOut.write("still here\n".getBytes(StandardCharsets.UTF_8));
            assertThat(activeIn.readLine()).isEqualTo("still here");
            server.terminate();
            assertThat(server.waitFor(STOP)).isZero();
        }
    }

    /** IPC: ipc-client and nc -U echo over the socket file; SIGTERM removes it and exits 0. */
    @Test
    void ipcServerEchoesOverAUnixSocketAndRemovesItsFile() {
        Path sock = dir.resolve("echo.sock");
        try (Proc server = Proc.jar("ipc-server", "--path", sock.toString())) {
            assertThat(server.listening()).isEqualTo(sock.toString());
            assertThat(sock).exists();
            try (Proc client = Proc.jar("ipc-client", "--path", sock.toString())) {
                client.write("over a unix socket\n");
                client.closeStdin();
                assertThat(client.allStdout(LINE)).isEqualTo("over a unix socket\n");
                assertThat(client.waitFor(LINE)).isZero();
            }
            try (Proc nc = Proc.nc("-U", sock.toString())) {
                nc.write("from nc -U\n");
                assertThat(nc.nextLine(LINE)).isEqualTo("from nc -U");
                // still connected when the server is told to stop
                server.terminate();
                assertThat(server.waitFor(STOP)).isZero();
            }
            assertThat(sock).doesNotExist();
        }
    }

    /** Acceptance 3: every server prints its line, and exits 0 by itself after SIGTERM (or SIGINT) with a client connected. */
    @ParameterizedTest
    @CsvSource({
        "echo-server, TERM, ''",
        "chat-server, TERM, ''",
        "json-server, TERM, ''",
        "timeout-server, TERM, --idle 30s",
        "echo-server, INT, ''",
    })
    void everyServerStopsGracefullyOnSignal(String sample, String signal, String extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(sample, "--port", "0"));
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split(" ")));
        }
        try (Proc server = Proc.jar(args.toArray(String[]::new))) {
            String where = server.listening();
            assertThat(where).matches("127\\.0\\.0\\.1:\\d+");
            int port = Integer.parseInt(where.substring(where.indexOf(':') + 1));
            try (Socket client = new Socket("127.0.0.1", port)) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write("{}\n".getBytes(StandardCharsets.UTF_8));
                assertThat(reader(client).readLine()).as("the server answers").isNotNull();
                if (signal.equals("INT")) {
                    server.interrupt();
                } else {
                    server.terminate();
                }
                assertThat(server.waitFor(STOP)).isZero();
            }
        }
    }

    /** Acceptance 6: --help prints the sample's options and exits 0. */
    @ParameterizedTest
    @ValueSource(strings = {"echo-server", "echo-client", "chat-server", "chat-client", "json-server",
        "json-client", "timeout-server", "ipc-server", "ipc-client"})
    void helpPrintsTheOptions(String sample) {
        try (Proc p = Proc.jar(sample, "--help")) {
            String out = p.allStdout(LINE);
            assertThat(p.waitFor(LINE)).isZero();
            assertThat(out).startsWith("usage: java -jar reactive-net-samples.jar " + sample).contains("--help");
            assertThat(out).contains(sample.startsWith("ipc") ? "--path" : "--port");
        }
    }

    /** Acceptance 6: bad options print one line on stderr and exit 2. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "echo-server --bogus 1          | unknown option --bogus",
        "echo-server --transport kqueue | bad value for --transport: kqueue",
        "chat-server --port 70000       | bad value for --port: 70000",
        "chat-server --idle soon        | bad value for --idle: soon",
        "chat-server --max-connections  | option --max-connections needs a value",
        "timeout-server --port 0        | option --idle is required",
        "ipc-server                     | option --path is required",
        "no-such-sample                 | unknown sample no-such-sample",
    })
    void badOptionsPrintOneLineAndExitTwo(String command, String message) throws IOException {
        try (Proc p = Proc.jar(command.trim().split(" "))) {
            assertThat(p.waitFor(LINE)).isEqualTo(2);
            p.allStdout(LINE);
            assertThat(p.stdout()).isEmpty();
            assertThat(p.stderr().lines().toList()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(message.trim());
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
