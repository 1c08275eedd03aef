package io.reactivenet.json.tutorial;

import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.SocketAddress;
import io.reactivenet.json.JsonCodec;
import io.reactivenet.json.JsonFrame;
import io.reactivenet.json.MessageTypes;
import io.reactivenet.timeout.NetTimeoutException;
import io.reactivenet.timeout.ReadTimeoutException;
import io.reactivenet.timeout.Timeouts;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The newline-delimited JSON protocol of the project's Node {@code net} tutorial, as a server
 * handler for {@link io.reactivenet.Net#createServer}:
 *
 * <pre>{@code
 * ListeningServer s = Net.createServer(TutorialProtocol.server()).listen(8080).block();
 * }</pre>
 *
 * <table>
 * <caption>Requests and replies, one JSON object per line</caption>
 * <tr><th>client sends</th><th>server answers</th></tr>
 * <tr><td>{@code {"type":"greeting","name":N}}</td>
 *     <td>{@code {"type":"welcome","message":"Hello, N!","timestamp":ms}}</td></tr>
 * <tr><td>{@code {"type":"query","queryId":n,"query":"time"}}</td>
 *     <td>{@code {"type":"response","queryId":n,"result":{"time":ISO-8601},"timestamp":ms}}</td></tr>
 * <tr><td>{@code {"type":"query","queryId":n,"query":"stats"}}</td>
 *     <td>{@code {"type":"response","queryId":n,"result":{"uptime":s,"memory":{…},"platform":p},"timestamp":ms}}</td></tr>
 * <tr><td>another query</td><td>{@code result} is {@code {"error":"Unknown query"}}</td></tr>
 * <tr><td>another type (or none)</td>
 *     <td>{@code {"type":"error","message":"Unknown message type","timestamp":ms}}</td></tr>
 * <tr><td>a line that is not JSON (or is {@code null})</td>
 *     <td>{@code {"type":"error","message":"Invalid JSON format","timestamp":ms}}, and the
 *     connection goes on</td></tr>
 * </table>
 *
 * <p>Node counterpart: the tutorial's {@code net.createServer} with its {@code 'data'} handler; as
 * there, every line gets exactly one reply, in order, and the socket ends when the client ends.
 * Unlike there, a line longer than the codec's maximum (1 MiB by default) fails the connection
 * instead of growing a buffer without bound, and replies are written with backpressure: a client
 * that does not read its replies stops the server from reading its requests.
 *
 * <p>{@code "stats"} answers like Node's {@code process.uptime()}, {@code process.memoryUsage()}
 * and {@code process.platform}: uptime in seconds of this JVM; memory in bytes with {@code rss}
 * (Linux only, from {@code /proc/self/statm}), {@code heapTotal}, {@code heapUsed} and {@code
 * external} (the JVM's non-heap memory in use), and {@code heapMax}; platform as Node names it
 * ({@code linux}, {@code darwin}, {@code win32}…).
 *
 * <p>Thread-safe and stateless: one handler serves any number of connections.
 */
public final class TutorialProtocol {

    /** The message types of the protocol, by their {@code "type"} discriminator. */
    public static final MessageTypes TYPES = MessageTypes.byType()
            .register("greeting", Greeting.class)
            .register("welcome", Welcome.class)
            .register("query", Query.class)
            .register("response", Response.class)
            .register("error", ErrorReply.class);

    /** {@code {"type":"greeting","name":…}} */
    public record Greeting(@Nullable String name) {
    }

    /** {@code {"type":"welcome","message":"Hello, <name>!","timestamp":…}} */
    public record Welcome(String message, long timestamp) {
    }

    /** {@code {"type":"query","queryId":n,"query":"time"|"stats"}} */
    public record Query(long queryId, String query) {
    }

    /** {@code {"type":"response","queryId":n,"result":…,"timestamp":…}} */
    public record Response(long queryId, JsonNode result, long timestamp) {
    }

    /** {@code {"type":"error","message":…,"timestamp":…}} */
    public record ErrorReply(String message, long timestamp) {
    }

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String PLATFORM = platform();

    private final ObjectMapper mapper;
    private final LongSupplier clock;

    private TutorialProtocol(ObjectMapper mapper, LongSupplier clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The server handler with a default {@link JsonMapper} and codec (NDJSON, 1 MiB lines). */
    public static Function<NetSocket, Publisher<Void>> server() {
        return server(JsonCodec.ndjson(JsonMapper.shared()));
    }

    /** The server handler with {@code codec} (its framing, limits and mapper). */
    public static Function<NetSocket, Publisher<Void>> server(JsonCodec codec) {
        Objects.requireNonNull(codec, "codec");
        Function<Flux<ByteBuffer>, Flux<ByteBuffer>> exchange = exchange(codec, System::currentTimeMillis);
        return socket -> socket.send(socket.inbound().transform(exchange));
    }

    /**
     * The server handler with {@code codec}, ending a connection that completes no request for
     * {@code idleTimeout}: the socket is destroyed with a {@link NetTimeoutException} (code {@code
     * ETIMEDOUT}, naming the peer and the time). Idle is counted in whole requests, not in bytes,
     * so a peer that trickles bytes into a request it never finishes (slowloris) is ended too,
     * which a byte-level idle timeout ({@code ServerOptions.idleTimeout}, {@code Timeouts.idle})
     * cannot do: every byte is activity there. Time the server spends waiting for the client to
     * read its replies does not count. Memory stays bounded by the codec's maximum length
     * meanwhile: a request longer than that fails the connection with the framing's {@code
     * ERR_FRAME_TOO_LONG} as soon as its bytes pass the limit.
     *
     * @throws io.reactivenet.NetArgumentException {@code ERR_OUT_OF_RANGE} unless {@code idleTimeout} is positive
     */
    public static Function<NetSocket, Publisher<Void>> server(JsonCodec codec, Duration idleTimeout) {
        Objects.requireNonNull(codec, "codec");
        Function<Flux<JsonFrame<JsonNode>>, Flux<JsonFrame<JsonNode>>> idle = Timeouts.read(idleTimeout);
        return socket -> {
            Function<Flux<JsonFrame<JsonNode>>, Flux<JsonFrame<JsonNode>>> requests = frames -> frames
                    .transform(idle)
                    .onErrorMap(ReadTimeoutException.class, e -> idle(socket, idleTimeout, e));
            return socket.send(socket.inbound().transform(exchange(codec, System::currentTimeMillis, requests)));
        };
    }

    private static NetTimeoutException idle(NetSocket socket, Duration timeout, Throwable cause) {
        SocketAddress peer = socket.remote();
        String remote = peer == null ? null
                : peer.family().equals("ipv6") ? "[" + peer.address() + "]:" + peer.port() : peer.address() + ":" + peer.port();
        return new NetTimeoutException(NetException.ETIMEDOUT, "No whole request within " + timeout.toMillis() + " ms"
                + (remote == null ? "" : " (" + remote + ")"), timeout, remote, cause);
    }

    /**
     * What the handler does between the socket's bytes in and its bytes out: requests framed and
     * parsed by {@code codec}, one reply each, encoded. Apart so that tests (the fuzz target among
     * them) drive exactly the handler's path without a socket, on a clock of their own.
     */
    static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> exchange(JsonCodec codec, LongSupplier clock) {
        return exchange(codec, clock, Function.identity());
    }

    private static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> exchange(JsonCodec codec, LongSupplier clock,
            Function<Flux<JsonFrame<JsonNode>>, Flux<JsonFrame<JsonNode>>> requests) {
        TutorialProtocol protocol = new TutorialProtocol(codec.mapper(), clock);
        Function<Flux<ByteBuffer>, Flux<JsonFrame<JsonNode>>> frames = codec.frames();
        Function<Publisher<?>, Flux<ByteBuffer>> encoder = codec.encoder();
        return bytes -> bytes.transform(frames).transform(requests).map(protocol::reply).transform(encoder::apply);
    }

    /** The replies of the protocol, for callers that wire it into their own pipeline. */
    public static Function<JsonFrame<JsonNode>, JsonNode> replies(ObjectMapper mapper) {
        return new TutorialProtocol(Objects.requireNonNull(mapper, "mapper"), System::currentTimeMillis)::reply;
    }

    /** The one reply to one inbound message. */
    JsonNode reply(JsonFrame<JsonNode> frame) {
        if (!(frame instanceof JsonFrame.Value<JsonNode> v) || v.value().isNull()) {
            // JSON.parse failed, or parsed null and reading .type threw: both are "Invalid JSON format" there.
            return error("Invalid JSON format");
        }
        JsonNode msg = v.value();
        JsonNode type = msg.get("type");
        String name = type != null && type.isString() ? type.stringValue() : "";
        switch (name) {
            case "greeting": {
                ObjectNode out = mapper.createObjectNode();
                out.put("type", "welcome");
                out.put("message", "Hello, " + jsString(msg.get("name")) + "!");
                out.put("timestamp", clock.getAsLong());
                return out;
            }
            case "query": {
                ObjectNode out = mapper.createObjectNode();
                out.put("type", "response");
                JsonNode id = msg.get("queryId");
                if (id != null) {
                    out.set("queryId", id);
                }
                out.set("result", query(msg.get("query")));
                out.put("timestamp", clock.getAsLong());
                return out;
            }
            default:
                return error("Unknown message type");
        }
    }

    private ObjectNode error(String message) {
        ObjectNode out = mapper.createObjectNode();
        out.put("type", "error");
        out.put("message", message);
        out.put("timestamp", clock.getAsLong());
        return out;
    }

    private ObjectNode query(@Nullable JsonNode query) {
        ObjectNode out = mapper.createObjectNode();
        String q = query != null && query.isString() ? query.stringValue() : "";
        if (q.equals("time")) {
            out.put("time", ISO_MILLIS.format(Instant.ofEpochMilli(clock.getAsLong())));
        } else if (q.equals("stats")) {
            out.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
            ObjectNode memory = out.putObject("memory");
            long rss = rss();
            if (rss >= 0) {
                memory.put("rss", rss);
            }
            Runtime rt = Runtime.getRuntime();
            MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
            memory.put("heapTotal", rt.totalMemory());
            memory.put("heapUsed", rt.totalMemory() - rt.freeMemory());
            memory.put("external", mx.getNonHeapMemoryUsage().getUsed());
            memory.put("heapMax", rt.maxMemory());
            out.put("platform", PLATFORM);
        } else {
            out.put("error", "Unknown query");
        }
        return out;
    }

    /** What a JS template literal prints for a parsed JSON value. */
    private static String jsString(@Nullable JsonNode n) {
        if (n == null) {
            return "undefined";
        }
        if (n.isString()) {
            return n.stringValue();
        }
        if (n.isObject()) {
            return "[object Object]";
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                JsonNode e = n.get(i);
                b.append(e.isNull() ? "" : jsString(e));
            }
            return b.toString();
        }
        return n.toString();
    }

    private static long rss() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            // statm counts pages; 4 KiB pages on the platforms where this file exists in practice.
            return Long.parseLong(statm[1]) * 4096L;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "win32";
        }
        if (os.contains("freebsd")) {
            return "freebsd";
        }
        return os.replace(' ', '_');
    }
}
