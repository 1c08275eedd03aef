package io.reactivenet.testing;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This process's open file descriptors, from {@code /proc/self/fd} (Linux), and a readable name for
 * each socket among them from {@code /proc/net/{tcp,tcp6,unix}}. Used by {@link ResourceGuard}.
 */
final class Descriptors {

    private static final Path FD = Path.of("/proc/self/fd");
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    private Descriptors() {
    }

    static boolean available() {
        return Files.isDirectory(FD);
    }

    /** fd number to link target ("socket:[123]", "/path/file", "pipe:[..]", "anon_inode:[eventpoll]"). */
    static Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FD)) {
            for (Path p : dir) {
                try {
                    out.put(p.getFileName().toString(), Files.readSymbolicLink(p).toString());
                } catch (IOException e) {
                    // Closed between listing and reading (or the listing's own descriptor): not open.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FD, e);
        }
        return out;
    }

    static boolean isSocket(String target) {
        return target.startsWith("socket:");
    }

    /**
     * Descriptors that live as long as the JVM by design, opened lazily by whichever test first needs
     * them: class-path jars (the class loader keeps each open once a class is loaded from it), the
     * JDK's seed sources ({@code SecureRandom} keeps {@code /dev/urandom} open), font files (the JDK's
     * font manager keeps each font it has rendered with open, e.g. once the benchmarks' report draws a
     * chart), and the {@code /proc} listing this class does itself.
     */
    static boolean jvmLifetime(String target) {
        return target.endsWith(".jar") || target.equals("/dev/urandom") || target.equals("/dev/random")
                || target.startsWith("/proc/") || target.startsWith("/usr/share/fonts/");
    }

    /**
     * Whether a described socket is the JVM's attach listener ({@code /tmp/.java_pid<pid>}): opened
     * by the first dynamic attach (Jazzer attaches its agent so) and kept for the JVM's life.
     */
    static boolean attachListener(String described) {
        // Bound as ".java_pid<pid>.tmp" and renamed, so /proc/net/unix may show either name.
        return described.matches(".*/\\.java_pid" + ProcessHandle.current().pid() + "(\\.tmp)?");
    }

    /** "socket:[inode]" to "tcp 127.0.0.1:5000 -> 127.0.0.1:40000 (ESTABLISHED)" where /proc/net knows it. */
    static Map<String, String> socketNames() {
        Map<String, String> names = new HashMap<>();
        readInet(Path.of("/proc/net/tcp"), "tcp", names);
        readInet(Path.of("/proc/net/tcp6"), "tcp6", names);
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/unix"));
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = l.trim().split("\\s+");
                if (f.length >= 7) {
                    names.put(f[6], "unix " + (f.length >= 8 ? f[7] : "(unnamed)"));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Names are a courtesy for the failure message.
        }
        return names;
    }

    private static final String[] TCP_STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
        "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private static void readInet(Path table, String kind, Map<String, String> names) {
        try {
            List<String> lines = Files.readAllLines(table);
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = l.trim().split("\\s+");
                if (f.length >= 10) {
                    int state = Integer.parseInt(f[3], 16);
                    names.put(f[9], kind + " " + endpoint(f[1]) + " -> " + endpoint(f[2]) + " ("
                            + (state < TCP_STATES.length ? TCP_STATES[state] : f[3]) + ")");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // As above.
        }
    }

    /** "0100007F:1388" to "127.0.0.1:5000"; IPv6 likewise (an IPv4-mapped address prints as IPv4). */
    private static String endpoint(String hex) {
        String[] ap = hex.split(":");
        int port = Integer.parseInt(ap[1], 16);
        // /proc/net prints the address as 32-bit words in host (little-endian) order.
        byte[] a = new byte[ap[0].length() / 2];
        for (int w = 0; w < a.length / 4; w++) {
            for (int i = 0; i < 4; i++) {
                a[w * 4 + i] = (byte) Integer.parseInt(ap[0].substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            InetAddress address = InetAddress.getByAddress(a);
            String host = address.getHostAddress();
            return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
        } catch (UnknownHostException e) {
            return hex;
        }
    }

    /** A target with its socket name if it is a socket /proc/net knows. */
    static String describe(String target, Map<String, String> socketNames) {
        Matcher m = SOCKET.matcher(target);
        if (m.matches()) {
            String name = socketNames.get(m.group(1));
            return name == null ? target : target + " " + name;
        }
        return target;
    }
}
