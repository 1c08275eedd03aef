package io.reactivenet.samples;

import io.reactivenet.Transport;
import io.reactivenet.proxy.ProxyProtocol;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The command line of one sample: {@code --name value} pairs and {@code --help}. Every sample
 * declares its options with their defaults; {@link #parse} rejects anything else with a
 * {@link UsageException} whose one-line message the entry point prints before exiting with 2.
 */
final class Options {

    /** A bad command line: printed as one line on stderr, exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private final String sample;
    private final Map<String, @Nullable String> defaults = new LinkedHashMap<>();
    private final Map<String, String> help = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private boolean helpRequested;

    private Options(String sample) {
        this.sample = sample;
    }

    static Options of(String sample) {
        return new Options(sample);
    }

    /** Declares {@code --name} with a default (null: required) and a one-line description. */
    Options option(String name, @Nullable String defaultValue, String description) {
        defaults.put(name, defaultValue);
        help.put(name, description);
        return this;
    }

    /** Declares {@code --name} without a value: off unless given. */
    Options flag(String name, String description) {
        option(name, "false", description);
        flags.add(name);
        return this;
    }

    /** Declares the server options every server sample shares: {@code --reuse-port}, {@code --proxy-protocol}. */
    Options serverOptions() {
        return flag("reuse-port", "SO_REUSEPORT: several processes listen on one port, the kernel spreads clients")
                .option("proxy-protocol", "off", "off|on|auto: expect HAProxy's PROXY header (v1 or v2) first;"
                        + " clients are then the addresses it names");
    }

    /** Declares {@code --tls-cert FILE --tls-key FILE}: the server speaks TLS with this PEM chain and PKCS#8 key. */
    Options tlsServerOptions() {
        return option("tls-cert", "", "PEM certificate chain: serve TLS (with --tls-key)")
                .option("tls-key", "", "PEM PKCS#8 private key of --tls-cert");
    }

    /**
     * The server's TLS from {@code --tls-cert}/{@code --tls-key}, or null (plain TCP) when neither is
     * given; one without the other is a usage error. The files are read here; a bad PEM fails the listen.
     */
    io.reactivenet.tls.@Nullable TlsOptions serverTls() throws UsageException {
        String cert = string("tls-cert");
        String key = string("tls-key");
        if (cert.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new UsageException("--tls-cert and --tls-key go together (see " + sample + " --help)");
        }
        return io.reactivenet.tls.TlsOptions.server(io.reactivenet.tls.TlsOptions.readPem(java.nio.file.Path.of(cert)),
                io.reactivenet.tls.TlsOptions.readPem(java.nio.file.Path.of(key)));
    }

    /** Whether the flag {@code --name} was given. */
    boolean flagSet(String name) {
        return string(name).equals("true");
    }

    /** {@code --proxy-protocol}: off, on or auto. */
    ProxyProtocol proxyProtocol() throws UsageException {
        String v = string("proxy-protocol");
        return switch (v) {
            case "off" -> ProxyProtocol.OFF;
            case "on" -> ProxyProtocol.ON;
            case "auto" -> ProxyProtocol.AUTO;
            default -> throw new UsageException("bad value for --proxy-protocol: " + v + " (off, on or auto)");
        };
    }

    /** Reads {@code args}; returns false when {@code --help} was asked for (the usage is printed). */
    boolean parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                helpRequested = true;
                System.out.print(usage());
                System.out.flush();
                return false;
            }
            if (!a.startsWith("--") || !defaults.containsKey(a.substring(2))) {
                throw new UsageException("unknown option " + a + " (see " + sample + " --help)");
            }
            if (flags.contains(a.substring(2))) {
                values.put(a.substring(2), "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + a + " needs a value (see " + sample + " --help)");
            }
            values.put(a.substring(2), args[++i]);
        }
        for (var e : defaults.entrySet()) {
            if (e.getValue() == null && !values.containsKey(e.getKey())) {
                throw new UsageException("option --" + e.getKey() + " is required (see " + sample + " --help)");
            }
        }
        return true;
    }

    boolean helpRequested() {
        return helpRequested;
    }

    String usage() {
        StringBuilder b = new StringBuilder("usage: java -jar reactive-net-samples.jar ").append(sample);
        defaults.forEach((k, v) -> b.append(v == null ? " --" + k + " " + k.toUpperCase(Locale.ROOT)
                : flags.contains(k) ? " [--" + k + "]" : " [--" + k + " " + v + "]"));
        b.append('\n');
        help.forEach((k, h) -> b.append(String.format("  --%-17s %s%n", k, h)));
        b.append(String.format("  --%-17s %s%n", "help", "print this help and exit"));
        return b.toString();
    }

    String string(String name) {
        String v = values.containsKey(name) ? values.get(name) : defaults.get(name);
        if (v == null) {
            throw new IllegalStateException("no option " + name);
        }
        return v;
    }

    /** Declares {@code --transport auto|nio|epoll|io_uring}, default auto. */
    Options transportOption() {
        return option("transport", "auto",
                "event loops: auto (TCP: epoll where it runs, else nio; Unix sockets: nio), nio, epoll or io_uring");
    }

    /** The {@code --transport} chosen; one that cannot run here is a usage error naming Netty's reason. */
    Transport transport() throws UsageException {
        String v = string("transport");
        Transport t = switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> Transport.AUTO;
            case "nio" -> Transport.NIO;
            case "epoll" -> Transport.EPOLL;
            case "io_uring", "iouring", "io-uring" -> Transport.IO_URING;
            default -> throw new UsageException("bad value for --transport: " + v + " (auto, nio, epoll or io_uring)");
        };
        if (!t.isAvailable()) {
            throw new UsageException("--transport " + v + " is not available here: " + t.unavailabilityCause());
        }
        return t;
    }

    /** A TCP port, 0 to 65535 (0: the OS picks a free one). */
    int port() throws UsageException {
        return integer("port", 0, 65535);
    }

    int integer(String name, int min, int max) throws UsageException {
        String v = string(name);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new UsageException("bad value for --" + name + ": " + v + " (an integer from " + min + " to " + max + ")");
    }

    /** A duration such as {@code 10s}, {@code 500ms}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    Duration duration(String name, boolean zeroAllowed) throws UsageException {
        String v = string(name);
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
            if (zeroAllowed || !d.isZero()) {
                return d;
            }
        }
        throw new UsageException("bad value for --" + name + ": " + v + " (a duration such as 10s, 500ms, 5m"
                + (zeroAllowed ? "; 0 turns it off)" : ", greater than zero)"));
    }
}
