package io.reactivenet.json.internal;

import io.reactivenet.NetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
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
     * Registers {@code sink} as the waiter for {@code key}; null when done, else the error to
     * signal (the key is already pending, or the connection has ended): then nothing was registered.
     */
    public @Nullable Throwable register(String key, Sinks.One<JsonNode> sink) {
        if (pending.putIfAbsent(key, sink) != null) {
            return new IllegalStateException("A request with " + idField + "=" + key
                    + " is already pending; ids must be unique among pending requests");
        }
        // Checked after registering: a close() racing with us either sees our entry or we see its flag.
        Throwable end = closed;
        if (end != null) {
            pending.remove(key, sink);
            return new NetException(NetException.ERR_SOCKET_CLOSED, "The connection ended before the request with "
                    + idField + "=" + key + " was sent", end);
        }
        return null;
    }

    /** Forgets {@code sink} for {@code key} (after a response, timeout or cancel); idempotent. */
    public void remove(String key, Sinks.One<JsonNode> sink) {
        pending.remove(key, sink);
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
