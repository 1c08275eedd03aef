package io.reactivenet.address;

import io.reactivenet.internal.address.JsonStrings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One long-lived {@code node} process running a script from {@code src/test/resources/node}: a
 * case goes in as one JSON line, the answer comes back as one JSON array of strings.
 */
final class NodeOracle implements AutoCloseable {

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path stderr;

    private NodeOracle(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code node <script>}; fails with a clear message when node is not installed. */
    static NodeOracle start(String resource) {
        URL url = NodeOracle.class.getResource("/node/" + resource);
        if (url == null) {
            throw new IllegalStateException("test resource node/" + resource + " is missing");
        }
        Path script;
        try {
            script = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String node = System.getProperty("node.binary", "node");
        try {
            Path err = java.nio.file.Files.createTempFile("node-oracle", ".stderr");
            Process p = new ProcessBuilder(node, script.toString())
                    .redirectError(err.toFile())
                    .start();
            return new NodeOracle(p, err);
        } catch (IOException e) {
            throw new AssertionError("These differential tests need Node.js (v20) on the PATH as 'node' "
                    + "(or -Dnode.binary=/path/to/node); starting '" + node + "' failed: " + e.getMessage(), e);
        }
    }

    /** Sends one case, returns the answer's strings. */
    List<String> ask(String jsonLine) {
        try {
            in.write(jsonLine);
            in.write('\n');
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("node exited (" + exitDescription() + ") on case " + jsonLine);
            }
            return JsonStrings.parseArray(line);
        } catch (IOException e) {
            throw new AssertionError("node I/O failed on case " + jsonLine + ": " + e + " " + exitDescription(), e);
        }
    }

    private String exitDescription() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            String err = java.nio.file.Files.readString(stderr);
            return (process.isAlive() ? "alive" : "exit " + process.exitValue()) + ", stderr: " + err;
        } catch (IOException | InterruptedException e) {
            return "unknown: " + e;
        }
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        java.nio.file.Files.deleteIfExists(stderr);
    }

    /** Minimal JSON writer for the cases: String, Number, Boolean, null, List, Map. */
    static String json(@Nullable Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, @Nullable Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            String s = (String) v;
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c > 0x7e) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("not JSON: " + v);
        }
    }
}
