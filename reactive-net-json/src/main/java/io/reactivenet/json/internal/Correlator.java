package io.reactivenet.json.internal;

import io.reactivenet.NetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * Pending requests by correlation id. A request registers before its bytes are written (so a
 * fast response cannot arrive unmatched), and every way out of a request (response, timeout,
 * cancel, connection end) removes its entry: the map holds only requests someone still waits for.
 * Thread-safe: responses complete on the event loop, registrations come from any thread.
 */
public final class Correlator {

    private final String idField;
    private final Map<String, Sinks.One<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile @Nullable Throwable closed;

    public Correlator(String idField) {
        this.idField = idField;
    }

    public String idField() {
        return idField;
    }

    /** The id of {@code tree} as a key (its JSON text), or null when it has none. */
    public @Nullable String keyOf(JsonNode tree) {
        JsonNode id = tree.get(idField);
        return id == null || id.isNull() || id.isContainer() ? null : id.toString();
    }

    /**
     * Registers {@code key}; the Mono emits the response tree. Fails at once when the key is
     * already pending or the connection has ended.
     */
    public Mono<JsonNode> register(String key) {
        Sinks.One<JsonNode> sink = Sinks.one();
        Sinks.One<JsonNode> prev = pending.putIfAbsent(key, sink);
        if (prev != null) {
            return Mono.error(new IllegalStateException("A request with " + idField + "=" + key
                    + " is already pending; ids must be unique among pending requests"));
        }
        Throwable end = closed;
        if (end != null) {
            pending.remove(key, sink);
            return Mono.error(end);
        }
        return sink.asMono();
    }

    /** Forgets {@code key} (after a timeout or cancel); idempotent. */
    public void remove(String key) {
        pending.remove(key);
    }

    /** Completes the request waiting for {@code tree}'s id; false when none waits (unsolicited message). */
    public boolean complete(JsonNode tree) {
        if (pending.isEmpty()) {
            return false;
        }
        String key = keyOf(tree);
        if (key == null) {
            return false;
        }
        Sinks.One<JsonNode> sink = pending.remove(key);
        if (sink == null) {
            return false;
        }
        sink.tryEmitValue(tree);
        return true;
    }

    /** Fails every pending request and every later one: the connection's inbound has ended. */
    public void close(@Nullable Throwable cause) {
        NetException end = new NetException(NetException.ERR_SOCKET_CLOSED,
                "The connection ended before the response" + (cause == null ? "" : ": " + cause.getMessage()), cause);
        closed = end;
        for (String key : pending.keySet()) {
            Sinks.One<JsonNode> sink = pending.remove(key);
            if (sink != null) {
                sink.tryEmitError(new NetException(NetException.ERR_SOCKET_CLOSED, "The connection ended before the "
                        + "response with " + idField + "=" + key + (cause == null ? "" : ": " + cause.getMessage()),
                        cause));
            }
        }
    }

    public int size() {
        return pending.size();
    }
}
