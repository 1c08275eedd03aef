package io.reactivenet.internal.tuning;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.logging.ByteBufFormat;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import io.reactivenet.Wiretap;
import java.nio.charset.StandardCharsets;

/**
 * Netty's {@link LoggingHandler} for a {@link Wiretap}; the TEXT format, which Netty lacks, shows
 * each buffer as UTF-8 with control characters escaped. Sharable, as LoggingHandler.
 */
@ChannelHandler.Sharable
final class WireLogger extends LoggingHandler {

    private final boolean text;

    private WireLogger(Wiretap wiretap, ByteBufFormat format, boolean text) {
        super(wiretap.category(), LogLevel.valueOf(wiretap.level().name()), format);
        this.text = text;
    }

    static LoggingHandler of(Wiretap wiretap) {
        return switch (wiretap.format()) {
            case HEX_DUMP -> new WireLogger(wiretap, ByteBufFormat.HEX_DUMP, false);
            case SIMPLE -> new WireLogger(wiretap, ByteBufFormat.SIMPLE, false);
            case TEXT -> new WireLogger(wiretap, ByteBufFormat.SIMPLE, true);
        };
    }

    @Override
    protected String format(ChannelHandlerContext ctx, String eventName, Object arg) {
        if (text && arg instanceof ByteBuf buf) {
            return ctx.channel() + " " + eventName + " " + buf.readableBytes() + "B: " + escape(buf);
        }
        return super.format(ctx, eventName, arg);
    }

    private static String escape(ByteBuf buf) {
        String s = buf.toString(buf.readerIndex(), buf.readableBytes(), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
