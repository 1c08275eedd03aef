package io.reactivenet.samples;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.reactivenet.NetSocket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One chat room shared by every chat-server process that names the same Redis
 * ({@code chat-server --redis redis://HOST:PORT}), on Lettuce's reactive API.
 *
 * <p>Each instance keeps its own {@link LocalRoom} for its own members and plugs this class in as
 * the room's {@link LocalRoom.Elsewhere}: every join, line and leave of a local member is numbered
 * (this instance's random id + a sequence number) and published on one channel, {@value #CHANNEL};
 * every instance subscribes to it and relays the other instances' messages to its members.
 *
 * <p><b>Local lines are delivered locally, never through Redis</b>, and an instance ignores its own
 * messages when Redis echoes them back. That is what keeps local chat independent of Redis: a slow,
 * stalled or absent Redis never delays or stops a line between two members of one instance. A
 * remote instance gets each message once from its one subscription and takes from each sender only
 * sequence numbers above the last it took, so even a command Lettuce replays after a reconnect is
 * never delivered twice, and a sender's messages are never reordered (they are published in the
 * sender's order on one connection, and Redis pub/sub keeps a connection's order).
 *
 * <p>Pub/sub is at-most-once: a message published while an instance's subscription is down never
 * reaches that instance's members, and a line said while this instance's link is down (or while its
 * bounded publish queue is full, see {@link RedisPublisher}) reaches only this instance's members.
 * Such losses are counted and logged on stderr; no client ever sees an error. Lettuce reconnects by
 * itself (at most {@link #RECONNECT_MAX} apart) and subscribes again, so cross-instance delivery
 * resumes within about a second of Redis coming back. Presence (the welcome count, {@code /users})
 * is kept in Redis with expiry: see {@link RedisPresence}.
 */
final class RedisRoom implements Room, LocalRoom.Elsewhere {

    static final String CHANNEL = "chat:room";
    /** The longest pause between two reconnection attempts. */
    static final Duration RECONNECT_MAX = Duration.ofMillis(500);

    private final LocalRoom local;
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final String url;
    /** Ours, not the client's: a client does not shut down resources it was given. */
    private final ClientResources resources;
    private final RedisClient client;
    private final Scheduler scheduler = Schedulers.newSingle("chat-redis", true);
    private @Nullable RedisPublisher publisher;
    private @Nullable RedisPresence presence;
    private Disposable receiving = Disposables.disposed();
    private Disposable beating = Disposables.disposed();

    // Under the room's lock (the LocalRoom's monitor):
    private long seq;
    private boolean quiet;

    /** Replays filtered out (a command the client sent again after a reconnect). */
    private final AtomicLong duplicates = new AtomicLong();
    /** Reported on stderr once per episode (on the heartbeat's thread). */
    private volatile boolean heartbeatFailing;

    /** Lettuce logs through java.util.logging here; its INFO lines would drown ours (kept: not collected). */
    private static final java.util.logging.Logger LETTUCE_LOG = java.util.logging.Logger.getLogger("io.lettuce");

    private RedisRoom(String url, int maxConnections) {
        LETTUCE_LOG.setLevel(java.util.logging.Level.WARNING);
        this.url = url;
        this.local = new LocalRoom(maxConnections, this);
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), RECONNECT_MAX, 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Down: fail at once (counted) instead of queueing lines to deliver minutes late.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(4 * RedisPublisher.IN_FLIGHT)
                // No command timeout: the publisher's window bounds what waits for a stalled Redis.
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable()
                                .idle(Duration.ofSeconds(5)).interval(Duration.ofSeconds(1)).count(3).build())
                        .build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                log("connected (" + role(connection) + ") to " + address);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                log("lost the connection (" + role(connection) + "); reconnecting. Meanwhile local chat goes on"
                        + " and lines are not shared with other instances");
            }
        });
    }

    /**
     * Connects, subscribes and registers this instance's presence, all before returning (so the
     * server listens only once no line can be missed); fails if Redis cannot be reached now.
     */
    static RedisRoom start(String url, int maxConnections, Duration presenceTtl) {
        RedisRoom room = new RedisRoom(url, maxConnections);
        try {
            room.connect(presenceTtl);
        } catch (RuntimeException e) {
            room.close();
            throw new IllegalStateException("cannot use redis at " + url + ": " + Main.describe(e), e);
        }
        return room;
    }

    private void connect(Duration presenceTtl) {
        Duration wait = Duration.ofSeconds(5);
        var cmd = client.connect(ByteArrayCodec.INSTANCE);
        var sub = client.connectPubSub(ByteArrayCodec.INSTANCE);
        byte[] channel = RedisPresence.bytes(CHANNEL);
        RedisPublisher pub = new RedisPublisher(cmd.reactive(), channel, scheduler);
        publisher = pub;
        RedisPresence p = new RedisPresence(cmd.reactive(), instance, presenceTtl);
        presence = p;
        // Unbounded demand, handled synchronously on Lettuce's thread: nothing is buffered here; a
        // room that cannot keep up slows the socket, and Redis's output buffer limit cuts us off.
        receiving = sub.reactive().observeChannels(FluxSink.OverflowStrategy.DROP)
                .subscribe(m -> receive(m.getMessage()), e -> log("subscription ended: " + e));
        sub.reactive().subscribe(channel).block(wait);
        beat(p).block(wait);
        beating = Flux.interval(p.heartbeat(), p.heartbeat(), scheduler)
                .doOnNext(tick -> pub.report(RedisRoom::log))
                .onBackpressureDrop(tick -> failing("no answer for over " + p.heartbeat().toMillis()
                        + " ms: the link is stalled; local chat goes on, lines for other instances queue up"
                        + " to the bound, then are dropped"))
                .concatMap(tick -> beat(p).onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
        log("instance " + instance + " shares the room through " + url + " (channel " + CHANNEL + ")");
    }

    // ---- Room: the local room does the work

    @Override
    public @Nullable Member join(String id, NetSocket socket) {
        return local.join(id, socket);
    }

    @Override
    public void say(Member from, ByteBuffer line) {
        local.say(from, line);
    }

    @Override
    public void tell(Member to, String message) {
        local.tell(to, message);
    }

    @Override
    public void leave(Member m, @Nullable String farewell) {
        local.leave(m, farewell);
    }

    @Override
    public int count() {
        return local.count();
    }

    @Override
    public List<String> users() {
        return local.users();
    }

    @Override
    public int maxConnections() {
        return local.maxConnections();
    }

    @Override
    public boolean closing() {
        return local.closing();
    }

    /** Tells the other instances that our members leave, stops, takes our presence out of Redis. */
    @Override
    public void shutdown() {
        synchronized (local) {
            for (String id : local.localUsers()) {
                publish(RoomMessage.LEAVE, id, new byte[0]);
            }
            quiet = true;       // the members' own leaves, as their sockets end, are already announced
        }
        local.shutdown();
        beating.dispose();
        RedisPublisher pub = publisher;
        RedisPresence p = presence;
        if (pub != null && p != null) {
            pub.flush(Duration.ofSeconds(1));
            p.remove().onErrorResume(e -> Mono.empty()).block(Duration.ofMillis(500));
        }
        receiving.dispose();
        if (pub != null) {
            log("stopped: " + pub.sent.get() + " messages shared, " + pub.dropped.get() + " + " + pub.failed.get()
                    + " not shared, " + duplicates.get() + " replays filtered");
        }
        close();
    }

    /** Closes the connections, then the threads (in the background: the process is about to exit). */
    private void close() {
        scheduler.dispose();
        client.shutdownAsync(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((done, e) -> resources.shutdown(0, 1, java.util.concurrent.TimeUnit.SECONDS));
    }

    // ---- Elsewhere: called by the local room under its lock, in its order

    @Override
    public void joined(String id) {
        publish(RoomMessage.JOIN, id, new byte[0]);
    }

    @Override
    public void said(String id, ByteBuffer line) {
        byte[] body = new byte[line.remaining()];
        line.get(body);
        publish(RoomMessage.LINE, id, body);
    }

    @Override
    public void left(String id) {
        if (!quiet) {
            publish(RoomMessage.LEAVE, id, new byte[0]);
        }
    }

    @Override
    public Collection<String> remoteUsers() {
        RedisPresence p = presence;
        return p != null ? p.users() : List.of();
    }

    /** Numbers a message and queues it for Redis; under the room's lock. */
    private void publish(char kind, String user, byte[] body) {
        RedisPublisher pub = publisher;
        if (pub != null) {
            pub.offer(new RoomMessage(instance, ++seq, kind, user, body).encode());
        }
    }

    // ---- from Redis, on Lettuce's thread

    private void receive(byte[] raw) {
        RoomMessage m = RoomMessage.decode(raw);
        if (m == null || m.instance().equals(instance)) {
            return;             // not ours, or our own echo: our members had it from the local room
        }
        synchronized (local) {
            RedisPresence p = presence;
            if (p == null) {
                return;
            }
            if (!p.take(m.instance(), m.seq())) {
                duplicates.incrementAndGet();
                return;
            }
            switch (m.kind()) {
                case RoomMessage.LINE -> local.relay(ByteBuffer.wrap(m.body()));
                case RoomMessage.JOIN -> {
                    p.joined(m.instance(), m.user());
                    local.notice("User " + m.user() + " joined the chat.");
                }
                case RoomMessage.LEAVE -> {
                    p.left(m.instance(), m.user());
                    local.notice("User " + m.user() + " left the chat.");
                }
                case RoomMessage.GONE -> {
                    p.forget(m.user());
                    for (String user : new String(m.body(), StandardCharsets.UTF_8).split("\n")) {
                        if (!user.isEmpty()) {
                            local.notice("User " + user + " left the chat.");
                        }
                    }
                }
                default -> {
                    // a newer kind: ignore
                }
            }
        }
    }

    // ---- heartbeat: presence, and the report of what could not be shared

    private Mono<Void> beat(RedisPresence p) {
        List<String> mine;
        long mySeq;
        Map<String, Long> before;
        synchronized (local) {
            mine = local.localUsers();
            mySeq = seq;
            before = p.taken();
        }
        return p.beat(mine, mySeq)
                .doOnNext(snapshot -> {
                    if (heartbeatFailing) {
                        heartbeatFailing = false;
                        log("answers again: presence and shared lines back to normal");
                    }
                    synchronized (local) {
                        Map<String, Set<String>> gone = p.apply(snapshot, before);
                        // Our script removed these expired instances: we announce their users' departure, once.
                        gone.forEach((id, users) -> {
                            log("instance " + id + " expired (killed?): its " + users.size() + " users left");
                            for (String user : users) {
                                local.notice("User " + user + " left the chat.");
                            }
                            publish(RoomMessage.GONE, id,
                                    String.join("\n", users).getBytes(StandardCharsets.UTF_8));
                        });
                    }
                })
                .doOnError(e -> failing("presence heartbeat failed: " + Main.describe(e)
                        + " (the user list shows other instances as last known)"))
                .then();
    }

    /** Logs the first sign of trouble only, until Redis answers a heartbeat again. */
    private void failing(String message) {
        if (!heartbeatFailing) {
            heartbeatFailing = true;
            log(message);
        }
    }

    private static String role(RedisChannelHandler<?, ?> connection) {
        return connection instanceof StatefulRedisPubSubConnection<?, ?> ? "subscriber" : "publisher";
    }

    private static void log(String message) {
        System.err.println("redis: " + message);
    }
}
