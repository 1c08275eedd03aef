package io.reactivenet.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the documentation (README.md and docs/*.md) and the marked example regions of the sample
 * classes, for {@link DocsTest}. Paths are relative to the repository root (the samples module's
 * parent: surefire runs in the module directory).
 */
final class DocsText {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path README = ROOT.resolve("README.md");
    static final Path DOCS = ROOT.resolve("docs");
    /** The classes whose regions the documentation may show. */
    static final Path EXAMPLES = ROOT.resolve("samples/src/main/java/io/reactivenet/samples/docs");
    /** The Spring page's examples: regions of the Spring Boot sample (run by its own tests). */
    static final Path SPRING_EXAMPLES = ROOT.resolve("samples-spring/src/main/java/io/reactivenet/samples/spring");
    static final Path QUICK_START = ROOT.resolve("samples/src/main/java/io/reactivenet/samples/QuickStart.java");

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([\\w-]*)\\s*$");
    private static final Pattern BEGIN = Pattern.compile("^\\s*// docs:begin ([\\w-]+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// docs:end ([\\w-]+)\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");

    /** A fenced code block: its page, the line of its opening fence (1-based), language, text. */
    record Block(Path page, int line, String lang, String text) {
        String where() {
            return ROOT.relativize(page) + ":" + line;
        }
    }

    private DocsText() {
    }

    /** README.md and every docs/*.md, README first. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        pages.addAll(docsPages());
        return pages;
    }

    static List<Path> docsPages() {
        try (Stream<Path> s = Files.list(DOCS)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> blocks(Path page) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = read(page).lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            if (i >= lines.size()) {
                throw new AssertionError(ROOT.relativize(page) + ":" + (start + 1) + ": code block never closed");
            }
            blocks.add(new Block(page, start + 1, open.group(2).toLowerCase(Locale.ROOT), text.toString()));
        }
        return blocks;
    }

    static List<Block> allBlocks() {
        return pages().stream().flatMap(p -> blocks(p).stream()).collect(Collectors.toList());
    }

    /** The page's text outside code blocks (prose, tables, links). */
    static String prose(Path page) {
        StringBuilder out = new StringBuilder();
        boolean inBlock = false;
        for (String line : read(page).lines().collect(Collectors.toList())) {
            if (FENCE.matcher(line).matches() || inBlock && line.strip().equals("```")) {
                inBlock = !inBlock;
                out.append('\n');
                continue;
            }
            out.append(inBlock ? "" : line).append('\n');
        }
        return out.toString();
    }

    /** Every marked region of the example classes and QuickStart, by name, dedented. */
    static Map<String, String> regions() {
        List<Path> sources = new ArrayList<>();
        sources.add(QUICK_START);
        for (Path dir : List.of(EXAMPLES, SPRING_EXAMPLES)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path source : sources) {
            String name = null;
            StringBuilder text = new StringBuilder();
            for (String line : read(source).lines().collect(Collectors.toList())) {
                Matcher b = BEGIN.matcher(line);
                Matcher e = END.matcher(line);
                if (b.matches()) {
                    if (name != null) {
                        throw new AssertionError(source + ": region " + b.group(1) + " opens inside " + name);
                    }
                    name = b.group(1);
                    text.setLength(0);
                } else if (e.matches()) {
                    if (!e.group(1).equals(name)) {
                        throw new AssertionError(source + ": docs:end " + e.group(1) + " does not close " + name);
                    }
                    if (regions.put(name, dedent(text.toString())) != null) {
                        throw new AssertionError(source + ": region " + name + " defined twice");
                    }
                    name = null;
                } else if (name != null) {
                    text.append(line).append('\n');
                }
            }
            if (name != null) {
                throw new AssertionError(source + ": region " + name + " never closed");
            }
        }
        return regions;
    }

    /** Strips the indentation common to all non-blank lines, trailing spaces, and blank edge lines. */
    static String dedent(String text) {
        List<String> lines = text.lines().map(DocsText::stripTrailing).collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent))
                .collect(Collectors.toCollection(ArrayList::new));
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }

    /** Every markdown link and image target in the page's prose. */
    static List<String> links(Path page) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(prose(page));
        while (m.find()) {
            links.add(m.group(1));
        }
        return links;
    }

    /** Every inline code span in the page's prose. */
    static List<String> inlineCode(Path page) {
        List<String> spans = new ArrayList<>();
        Matcher m = INLINE.matcher(prose(page));
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static List<String> anchors(Path page) {
        return prose(page).lines().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toList());
    }

    /** Every file of the repository outside build output and VCS data, by file name. */
    static Map<String, List<Path>> filesByName() {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String r = ROOT.relativize(p).toString();
                        return !r.startsWith(".git") && !r.contains("/target/") && !r.startsWith("target/")
                                && !r.contains("node_modules");
                    })
                    .collect(Collectors.groupingBy(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
