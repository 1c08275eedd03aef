package io.reactivenet.internal;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors.NativeIoException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Finds the errno whose {@code strerror} text an exception message carries.
 *
 * <p>Why: the JDK's NIO throws some socket failures as a plain {@code IOException} whose only
 * detail is {@code strerror(errno)} (a write that hits EPIPE or ECONNRESET: "Broken pipe"), and
 * {@code strerror} speaks the process locale ("Datenübergabe unterbrochen (broken pipe)" under
 * {@code de_DE}). So the texts are looked up twice: in the process locale, read once from libc
 * through Netty's native library when it loads ({@link #processLocale()}), and in English
 * ({@link #ENGLISH}: glibc's wording plus macOS's where it differs). This is the last resort of
 * {@link Errors}: errno numbers and exception types come first.
 *
 * <p>A message matches the longest text it contains ("No such device or address" before "No such
 * device"). Immutable, thread-safe.
 */
final class StrerrorIndex {

    /** English texts: glibc's, the JDK's own literals, and macOS's where they differ. */
    static final StrerrorIndex ENGLISH = new StrerrorIndex(List.of(
            entry(1, "Operation not permitted"),
            entry(2, "No such file or directory"),
            entry(9, "Bad file descriptor"),
            entry(13, "Permission denied"),
            entry(22, "Invalid argument"),
            entry(23, "Too many open files in system"),
            entry(24, "Too many open files"),
            entry(32, "Broken pipe"),
            entry(97, "Address family not supported by protocol"),
            entry(98, "Address already in use"),
            entry(99, "Cannot assign requested address"),
            entry(99, "Can't assign requested address"),
            entry(100, "Network is down"),
            entry(101, "Network is unreachable"),
            entry(103, "Software caused connection abort"),
            entry(104, "Connection reset by peer"),
            // The JDK's literal for ECONNRESET on a read (not strerror, so never localized).
            entry(104, "Connection reset"),
            entry(105, "No buffer space available"),
            entry(107, "Transport endpoint is not connected"),
            entry(107, "Socket is not connected"),
            entry(110, "Connection timed out"),
            entry(110, "Operation timed out"),
            entry(111, "Connection refused"),
            entry(112, "Host is down"),
            entry(113, "No route to host")));

    private final List<Entry> entries;

    private StrerrorIndex(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> e.text.length()).reversed());
        this.entries = List.copyOf(sorted);
    }

    private record Entry(int errno, String text) {
    }

    private static Entry entry(int errno, String text) {
        return new Entry(errno, text.toLowerCase(Locale.ROOT));
    }

    /**
     * An index of {@code strerror}'s texts for every errno of {@link Errno}; a null, blank or
     * "Unknown error" text is left out.
     */
    static StrerrorIndex of(IntFunction<@Nullable String> strerror) {
        List<Entry> list = new ArrayList<>();
        for (int errno : Errno.numbers()) {
            String text = strerror.apply(errno);
            if (text != null && !text.isBlank() && !text.startsWith("Unknown error")) {
                list.add(entry(errno, text.strip()));
            }
        }
        return new StrerrorIndex(list);
    }

    /** The texts libc gives in this process's locale, or an empty index without Netty's native library. */
    static StrerrorIndex processLocale() {
        return ProcessLocale.INDEX;
    }

    /** The errno whose text {@code message} contains (case-insensitive), or -1. */
    int errnoIn(@Nullable String message) {
        if (message == null || message.isEmpty()) {
            return -1;
        }
        String m = message.toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            if (m.contains(e.text)) {
                return e.errno;
            }
        }
        return -1;
    }

    /** Read on first use: loading the native library is not free, and most processes never need it. */
    private static final class ProcessLocale {
        static final StrerrorIndex INDEX = load();

        private static StrerrorIndex load() {
            try {
                if (!Epoll.isAvailable()) {
                    return new StrerrorIndex(List.of());
                }
                // Netty formats "<method>(..) failed with error(-<errno>): <strerror(errno)>" with
                // the text libc gives in the current locale, cached when its native library loaded.
                return of(errno -> {
                    String m = new NativeIoException("", -errno, false).getMessage();
                    if (m == null) {
                        return null;
                    }
                    int colon = m.indexOf("): ");
                    return colon < 0 ? null : m.substring(colon + 3);
                });
            } catch (LinkageError e) {
                return new StrerrorIndex(List.of());
            }
        }
    }
}
