package io.reactivenet;

import java.util.Objects;

/**
 * Wire logging of a socket: every event and every byte read or written, logged through Netty's
 * {@code LoggingHandler} (and so through whatever logging Netty finds: SLF4J, Log4j 2 or JUL) under
 * {@code category} at {@code level}. Off by default; meant for debugging, as it logs the payload.
 * Set with {@link SocketOptions#wiretap(Wiretap)}, {@code ServerOptions.wiretap(...)} or
 * {@code ConnectOptions.wiretap(...)}.
 *
 * <p>Node has no counterpart (Node users reach for {@code NODE_DEBUG=net} or a packet capture);
 * Reactor Netty's is {@code wiretap(category, level, format)}.
 *
 * @param category the logger name
 * @param level    the level the lines are logged at
 * @param format   how the bytes are shown
 */
public record Wiretap(String category, Level level, Format format) {

    /** Log levels, as Netty's. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    /** How bytes are shown. */
    public enum Format {
        /** Events and a hex dump of every buffer (Netty's HEX_DUMP). */
        HEX_DUMP,
        /** Events and every buffer as UTF-8 text, control characters escaped. */
        TEXT,
        /** Events and buffer sizes only (Netty's SIMPLE). */
        SIMPLE
    }

    public Wiretap {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(format, "format");
    }

    /** Category {@code io.reactivenet.wire}, DEBUG, hex dump: what Reactor Netty's {@code wiretap(true)} gives. */
    public static Wiretap defaults() {
        return new Wiretap("io.reactivenet.wire", Level.DEBUG, Format.HEX_DUMP);
    }
}
