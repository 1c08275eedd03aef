package io.reactivenet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main code of the library modules (core, json, ipc) has no dependency cycle between packages:
 * an API class never reaches {@code internal} code that reaches back to it. Cycles make a newcomer
 * read everything at once and block a real module boundary.
 *
 * <p>The graph is built from the sources, not the bytecode (constants are inlined in bytecode):
 * class A depends on class B when A imports B, names B fully qualified, or names B by its simple
 * name from the same package (which needs no import, so an import-only graph would miss
 * {@code ConnectOptions -> Net} in one package). Comments and string literals are ignored. Nested
 * classes count as their top-level class.
 */
class ImportCycleTest {

    private static final List<String> MODULES = List.of("reactive-net-core", "reactive-net-json", "reactive-net-ipc");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;",
            Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.reactivenet(?:\\.\\w+)+");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z]\\w*\\b");
    private static final Pattern HEADER = Pattern.compile("^\\s*(?:package|import)\\b[^;]*;", Pattern.MULTILINE);

    /** Top-level class name to its source, for every main class of the library modules. */
    private static final Map<String, Path> CLASSES = new TreeMap<>();
    private static final Map<String, Set<String>> GRAPH = new TreeMap<>();
    /** Edges that come from import statements or fully qualified names only (what an import graph sees). */
    private static final Map<String, Set<String>> IMPORT_GRAPH = new TreeMap<>();

    @BeforeAll
    static void buildGraph() throws IOException {
        Path root = reactorRoot();
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !f.getFileName().toString().equals("package-info.java")
                                && !f.getFileName().toString().equals("module-info.java"))
                        .forEach(f -> CLASSES.put(className(sources, f), f));
            }
        }
        assertThat(CLASSES).as("main classes found under %s", root).containsKey("io.reactivenet.Net");
        for (Map.Entry<String, Path> e : CLASSES.entrySet()) {
            addEdges(e.getKey(), stripCommentsAndLiterals(Files.readString(e.getValue())));
        }
    }

    @Test
    void noImportCycleAmongMainClasses() {
        assertThat(cycles(IMPORT_GRAPH, false)).as("cycles through import statements and qualified names").isEmpty();
    }

    @Test
    void noCycleCrossesAPackage() {
        // Classes of one package may know each other (package-private collaborators); what must not
        // happen is a package reaching back into one that depends on it.
        assertThat(cycles(GRAPH, true)).as("cycles between packages (imports, qualified and same-package names)")
                .isEmpty();
    }

    @Test
    void siblingModulesUseOnlyTheSpiAndChecksOfTheCoreInternals() {
        List<String> offending = new ArrayList<>();
        GRAPH.forEach((from, to) -> {
            if (from.startsWith("io.reactivenet.ipc.") || from.startsWith("io.reactivenet.json.")) {
                for (String target : to) {
                    if (target.startsWith("io.reactivenet.internal.")
                            && !target.startsWith("io.reactivenet.internal.spi.")
                            && !target.equals("io.reactivenet.internal.Checks")) {
                        offending.add(from + " -> " + target);
                    }
                }
            }
        });
        assertThat(offending).as("sibling modules reaching core internals outside internal.spi and Checks").isEmpty();
    }

    @Test
    void theGraphSeesEveryKindOfReference() {
        // Imports, qualified names and same-package names: guards the parser itself.
        assertThat(GRAPH.get("io.reactivenet.Net")).contains("io.reactivenet.internal.connect.Connect",
                "io.reactivenet.ConnectOptions");
        assertThat(GRAPH.get("io.reactivenet.ServerOptions")).contains("io.reactivenet.SocketOptions");
        assertThat(GRAPH.get("io.reactivenet.internal.Connector")).contains("io.reactivenet.internal.spi.ClientEndpoint");
    }

    private static void addEdges(String from, String source) {
        String pkg = packageOf(from);
        Set<String> all = GRAPH.computeIfAbsent(from, k -> new TreeSet<>());
        Set<String> imported = IMPORT_GRAPH.computeIfAbsent(from, k -> new TreeSet<>());
        Map<String, String> singleImports = new HashMap<>();
        List<String> wildcardPackages = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String name = m.group(2);
            if (m.group(3) != null && m.group(1) == null) {
                wildcardPackages.add(name);
                continue;
            }
            String target = resolve(name);
            if (target != null) {
                imported.add(target);
            }
            singleImports.put(name.substring(name.lastIndexOf('.') + 1), name);
        }
        String body = HEADER.matcher(source).replaceAll("");
        Matcher q = QUALIFIED.matcher(body);
        while (q.find()) {
            String target = resolve(q.group());
            if (target != null) {
                imported.add(target);
            }
        }
        all.addAll(imported);
        Matcher t = TYPE_NAME.matcher(body);
        while (t.find()) {
            String simple = t.group();
            if (singleImports.containsKey(simple)) {
                continue; // an explicit import wins over the same package (java.net.SocketAddress)
            }
            String same = pkg + "." + simple;
            if (CLASSES.containsKey(same)) {
                all.add(same);
            }
            for (String wildcard : wildcardPackages) {
                if (CLASSES.containsKey(wildcard + "." + simple)) {
                    all.add(wildcard + "." + simple);
                    imported.add(wildcard + "." + simple);
                }
            }
        }
        all.remove(from);
        imported.remove(from);
    }

    /** The longest prefix of a dotted name that is a project class, or null. */
    private static String resolve(String dotted) {
        String name = dotted;
        while (true) {
            if (CLASSES.containsKey(name)) {
                return name;
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            name = name.substring(0, dot);
        }
    }

    /** One cycle per strongly connected component of more than one class, as "a -> b -> a". */
    private static List<String> cycles(Map<String, Set<String>> graph, boolean crossPackageOnly) {
        List<String> found = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() < 2) {
                continue;
            }
            if (crossPackageOnly && component.stream().map(ImportCycleTest::packageOf).distinct().count() < 2) {
                continue;
            }
            found.add(shortestCycle(graph, component));
        }
        return found;
    }

    /** Tarjan's algorithm, iterative over an explicit stack so deep graphs cannot overflow. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            work.push(Map.entry(start, graph.getOrDefault(start, Set.of()).iterator()));
            while (!work.isEmpty()) {
                String v = work.peek().getKey();
                Iterator<String> next = work.peek().getValue();
                if (next.hasNext()) {
                    String w = next.next();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(Map.entry(w, graph.getOrDefault(w, Set.of()).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    components.add(component);
                }
            }
        }
        return components;
    }

    /**
     * The shortest cycle in the component that uses an edge between two packages (any edge when the
     * component is one package), found by breadth-first search back from the edge's target.
     */
    private static String shortestCycle(Map<String, Set<String>> graph, Set<String> component) {
        boolean onePackage = component.stream().map(ImportCycleTest::packageOf).distinct().count() == 1;
        List<String> best = null;
        for (String from : component) {
            for (String to : graph.getOrDefault(from, Set.of())) {
                if (!component.contains(to) || (!onePackage && packageOf(from).equals(packageOf(to)))) {
                    continue;
                }
                List<String> back = path(graph, component, to, from);
                if (back != null && (best == null || back.size() + 1 < best.size())) {
                    best = new ArrayList<>(back);
                    best.add(to);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (String v : best == null ? List.<String>of() : best) {
            names.add(shortName(v));
        }
        return String.join(" -> ", names) + " (component of " + component.size() + ": " + component + ")";
    }

    /** The shortest path from {@code start} to {@code goal} inside the component, both included; null if none. */
    private static List<String> path(Map<String, Set<String>> graph, Set<String> component, String start,
            String goal) {
        Map<String, String> parent = new HashMap<>();
        parent.put(start, start);
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            if (v.equals(goal)) {
                List<String> path = new ArrayList<>();
                for (String u = goal; ; u = parent.get(u)) {
                    path.add(0, u);
                    if (u.equals(start)) {
                        return path;
                    }
                }
            }
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (component.contains(w) && !parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        return null;
    }

    private static String shortName(String name) {
        return name.startsWith("io.reactivenet.") ? name.substring("io.reactivenet.".length()) : name;
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    private static String className(Path sources, Path file) {
        String relative = sources.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        return relative.substring(0, relative.length() - ".java".length());
    }

    /** The reactor root: the directory holding every library module, found from this module's directory up. */
    private static Path reactorRoot() {
        String property = System.getProperty("maven.multiModuleProjectDirectory");
        if (property != null && Files.isDirectory(Path.of(property, "reactive-net-core"))) {
            return Path.of(property);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("reactive-net-core/src/main/java"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException("no reactor root above " + Path.of("").toAbsolutePath()));
    }

    /**
     * Blanks comments, string and char literals and text blocks, keeping line structure, so only
     * code is searched for names.
     */
    static String stripCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                keepNewlines(source, i, end, out);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end + 3;
                keepNewlines(source, i, end, out);
                out.append("\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = Math.min(n, j + 1);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void keepNewlines(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            if (source.charAt(k) == '\n') {
                out.append('\n');
            }
        }
    }

    @Test
    void theStripperLeavesOnlyCode() {
        String code = "int a = 1; // Net\n/* Net */ String s = \"Net\"; char c = '\\''; String t = \"\"\"\n Net\n \"\"\";"
                + " Net.isIP(s);";
        String stripped = stripCommentsAndLiterals(code);
        assertThat(stripped).doesNotContain("// Net").doesNotContain("\"Net\"");
        assertThat(stripped.split("\\bNet\\b", -1)).hasSize(2);
    }
}
