package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.ServerEvent;
import io.reactivenet.ConnectEvent;
import io.reactivenet.json.JsonFrame;
import io.reactivenet.samples.docs.AddressExamples;
import io.reactivenet.samples.docs.DeploymentExamples;
import io.reactivenet.samples.docs.ConnectExamples;
import io.reactivenet.samples.docs.FramingExamples;
import io.reactivenet.samples.docs.IpcExamples;
import io.reactivenet.samples.docs.JsonExamples;
import io.reactivenet.samples.docs.ObservabilityExamples;
import io.reactivenet.samples.docs.ServerExamples;
import io.reactivenet.samples.docs.TimeoutExamples;
import io.reactivenet.samples.docs.TlsExamples;
import io.reactivenet.testing.TestCerts;
import io.reactivenet.testing.TlsFixtures;
import io.reactivenet.SocketAddress;
import io.reactivenet.framing.DroppedFrame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation (README.md and docs/*.md) is checked, not trusted: every java block is a
 * compiled region of a sample class, and every example runs here against real loopback servers;
 * every samples command line names a sample and options it accepts; every relative link, file path
 * and class name the prose mentions exists.
 */
class DocsTest {

    private static final Set<String> TOP = Set.of("reactive-net-core", "reactive-net-json", "reactive-net-ipc",
            "benchmarks", "samples", "docs", ".ci", "samples-spring", "reactive-net-spring-boot-autoconfigure",
            "reactive-net-spring-boot-starter");
    private static final Pattern FQN = Pattern.compile("io\\.reactivenet(\\.[A-Za-z_]\\w*)+");
    private static final Pattern TEST_CLASS = Pattern.compile("[A-Z]\\w*(IT|Test|Contract|Benchmark)(#\\w+)?");
    private static final Pattern FILE_NAME = Pattern.compile("[\\w.-]+\\.(java|js|sh|json|md|png)");
    private static final Pattern SAMPLE_LINE = Pattern.compile("reactive-net-samples\\.jar\\s+(.*)");

    // ---- the text of the documentation ----

    @Test
    void readmeIsShortAndLinksEveryDocsPage() {
        assertThat(DocsText.read(DocsText.README).lines().count()).as("README lines").isLessThanOrEqualTo(300);
        List<String> links = DocsText.links(DocsText.README);
        assertThat(DocsText.docsPages()).as("docs pages").hasSizeGreaterThanOrEqualTo(10);
        for (Path page : DocsText.docsPages()) {
            assertThat(links).as("README links " + page.getFileName()).contains("docs/" + page.getFileName());
        }
    }

    @Test
    void readmeStartsWithTheTwoCommands() {
        DocsText.Block first = DocsText.blocks(DocsText.README).get(0);
        List<String> commands = first.text().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toList());
        assertThat(commands).containsExactly(
                "mvn -B -q package -DskipTests && java -jar samples/target/reactive-net-samples.jar chat-server",
                "bash .ci/run");
        assertThat(DocsText.read(DocsText.ROOT.resolve(".ci/run"))).contains("mvn -B verify");
    }

    @Test
    void everyJavaBlockIsACompiledRegion() {
        Map<String, String> regions = DocsText.regions();
        List<String> problems = new ArrayList<>();
        List<DocsText.Block> java = DocsText.allBlocks().stream().filter(b -> b.lang().equals("java"))
                .collect(Collectors.toList());
        assertThat(java).as("java blocks").hasSizeGreaterThanOrEqualTo(regions.size());
        for (DocsText.Block b : java) {
            if (!regions.containsValue(DocsText.dedent(b.text()))) {
                problems.add(b.where() + ": not the text of any // docs:begin region");
            }
        }
        Set<String> shown = java.stream().map(b -> DocsText.dedent(b.text())).collect(Collectors.toSet());
        regions.forEach((name, text) -> {
            if (!shown.contains(text)) {
                problems.add("region " + name + " is shown by no page");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCodeBlockHasALanguage() {
        assertThat(DocsText.allBlocks().stream().filter(b -> b.lang().isEmpty()).map(DocsText.Block::where))
                .as("blocks without a language (java, bash, console, text, xml or properties)").isEmpty();
        // text: diagrams and other prose-like blocks, not checked beyond the references in them;
        // xml and properties: the Spring page's setup, checked against samples-spring by SpringDocsTest there.
        assertThat(DocsText.allBlocks().stream()
                .filter(b -> !Set.of("java", "bash", "console", "text", "xml", "properties").contains(b.lang()))
                .map(b -> b.where() + " " + b.lang())).isEmpty();
    }

    @Test
    void everySamplesCommandLineIsAccepted() throws Exception {
        int checked = 0;
        for (DocsText.Block b : DocsText.allBlocks()) {
            if (b.lang().equals("java")) {
                continue;
            }
            for (String line : b.text().lines().collect(Collectors.toList())) {
                Matcher m = SAMPLE_LINE.matcher(line);
                if (m.find()) {
                    checkSampleCommand(b.where(), m.group(1));
                    checked++;
                }
            }
        }
        assertThat(checked).as("samples command lines checked").isGreaterThanOrEqualTo(5);
    }

    private static void checkSampleCommand(String where, String rest) throws Exception {
        List<String> args = new ArrayList<>();
        for (String t : rest.trim().split("\\s+")) {
            if (t.startsWith("#") || t.equals("&&") || t.equals("|") || t.equals(";") || t.startsWith(">")) {
                break;
            }
            args.add(t);
        }
        assertThat(args).as(where).isNotEmpty();
        assertThat(Main.SAMPLES).as(where + ": sample " + args.get(0)).containsKey(args.get(0));
        List<String> withHelp = new ArrayList<>(args);
        withHelp.add("--help");                // parse every option, then print the usage instead of running
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int status;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            status = Main.run(withHelp.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(status).as(where + ": " + String.join(" ", args) + " -> " + out.toString(StandardCharsets.UTF_8))
                .isZero();
        for (int i = 1; i + 1 < args.size(); i += 2) {
            String name = args.get(i).substring(2);
            Options o = Options.of(args.get(0)).option(name, "0", "");
            o.parse(new String[] {"--" + name, args.get(i + 1)});
            switch (name) {
                case "port" -> o.port();
                case "idle" -> o.duration(name, true);
                case "max-connections" -> o.integer(name, 1, Integer.MAX_VALUE);
                default -> { }
            }
        }
    }

    @Test
    void everyRelativeLinkResolves() {
        List<String> problems = new ArrayList<>();
        for (Path page : DocsText.pages()) {
            for (String link : DocsText.links(page)) {
                if (link.matches("^[a-z]+:.*")) {
                    continue;          // http:, https:, mailto:
                }
                String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(target)) {
                    problems.add(DocsText.ROOT.relativize(page) + ": " + link + " (no such file)");
                } else if (anchor != null && !DocsText.anchors(target).contains(anchor)) {
                    problems.add(DocsText.ROOT.relativize(page) + ": " + link + " (no such heading)");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferencedFileAndClassExists() {
        Map<String, List<Path>> byName = DocsText.filesByName();
        List<String> problems = new ArrayList<>();
        for (Path page : DocsText.pages()) {
            List<String> refs = new ArrayList<>(DocsText.inlineCode(page));
            for (DocsText.Block b : DocsText.blocks(page)) {
                if (!b.lang().equals("java")) {
                    refs.addAll(Arrays.asList(b.text().split("[\\s'\"=()]+")));
                }
            }
            for (String ref : refs) {
                String problem = check(ref.strip(), byName);
                if (problem != null) {
                    problems.add(DocsText.ROOT.relativize(page) + ": " + problem);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static String check(String ref, Map<String, List<Path>> byName) {
        if (ref.isEmpty() || ref.contains("<") || ref.contains("…") || ref.contains("*") || ref.contains(" ")) {
            return null;
        }
        String first = ref.split("/")[0];
        if (ref.contains("/") && TOP.contains(first) && !ref.contains("/target/")) {
            String path = ref.replaceAll("/$", "");
            return Files.exists(DocsText.ROOT.resolve(path)) ? null : "no file " + ref;
        }
        Matcher fqn = FQN.matcher(ref);
        if (fqn.matches()) {
            String rel = ref.replace('.', '/');
            String last = ref.substring(ref.lastIndexOf('.') + 1);
            boolean found = Character.isUpperCase(last.charAt(0))
                    ? byName.getOrDefault(last + ".java", List.of()).stream()
                            .anyMatch(p -> p.toString().endsWith(rel + ".java"))
                    : byName.values().stream().flatMap(List::stream)
                            .anyMatch(p -> p.getParent().toString().endsWith(rel));
            return found ? null : "no class or package " + ref;
        }
        if (TEST_CLASS.matcher(ref).matches()) {
            String name = ref.replaceAll("#.*", "") + ".java";
            return byName.containsKey(name) ? null : "no class " + ref;
        }
        if (FILE_NAME.matcher(ref).matches() && !ref.contains("/")) {
            return byName.containsKey(ref) ? null : "no file named " + ref;
        }
        return null;
    }

    // ---- the examples, run ----

    @Test
    void quickStart() {
        assertThat(QuickStart.run()).isEqualTo("hello, reactive-net");
    }

    @Test
    void serverAndClient() {
        ServerExamples.Greeting g = ServerExamples.serverAndClient();
        assertThat(g.text()).isEqualTo("hello 127.0.0.1\n");
        assertThat(g.close().hadError()).isFalse();
        assertThat(g.firstEvent()).isEqualTo(new ServerEvent.Listening(SocketAddress.of("127.0.0.1", g.port())));
    }

    @Test
    void deploymentShowsTheHaproxyConfigTheTestsRun() {
        String config = io.reactivenet.testing.HaProxy.config(8080, io.reactivenet.testing.HaProxy.Send.V2,
                List.of("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"));
        assertThat(DocsText.blocks(DocsText.ROOT.resolve("docs/deployment.md")).stream().map(DocsText.Block::text))
                .contains(config);
    }

    @Test
    void proxiedServer() {
        assertThat(DeploymentExamples.proxiedServer()).isEqualTo("hello 198.51.100.7 via 127.0.0.1\n");
    }

    @Test
    void sendWithBackpressure() {
        assertThat(ServerExamples.sendWithBackpressure()).isEqualTo("1048576 bytes");
    }

    @Test
    void errors() throws Exception {
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress("127.0.0.1", 0));   // bound, not listening: connects are refused
            List<RuntimeException> errors = ServerExamples.errors(reserved.getLocalPort());
            assertThat(errors.get(0)).isInstanceOf(NetException.class)
                    .hasMessage("connect ECONNREFUSED 127.0.0.1:" + reserved.getLocalPort());
            assertThat(((NetException) errors.get(0)).code()).isEqualTo("ECONNREFUSED");
            assertThat(errors.get(1)).isInstanceOf(NetArgumentException.class).hasMessageContaining("70000");
            assertThat(((NetArgumentException) errors.get(1)).code()).isEqualTo("ERR_SOCKET_BAD_PORT");
        }
    }

    @Test
    void framingLines() {
        assertThat(FramingExamples.lines()).containsExactly("echo: one", "echo: two", "echo: three");
    }

    @Test
    void framingLengthField() {
        FramingExamples.LengthFieldResult r = FramingExamples.lengthField();
        assertThat(r.frames()).containsExactly("a", "bc");
        assertThat(r.drops()).containsExactly(new DroppedFrame(2000, 1024));
    }

    @Test
    void text() {
        assertThat(FramingExamples.text()).containsExactly(List.of("caf", "é!\uFFFD"), 5L);
    }

    @Test
    void observabilityMetrics() {
        ObservabilityExamples.Counted c = ObservabilityExamples.metrics();
        assertThat(c).isEqualTo(new ObservabilityExamples.Counted(1, 4, 1, 0));
    }

    @Test
    void observabilityTracing() {
        assertThat(ObservabilityExamples.observations()).isEqualTo(new ObservabilityExamples.Observed(1, 1, 1));
    }

    @Test
    void observabilityWiretapAndTuning() {
        assertThat(ObservabilityExamples.wiretapAndTuning()).isEqualTo(1_000);
    }

    @Test
    void serverIdleTimeout() {
        assertThat(TimeoutExamples.serverIdle()).isEqualTo("ping");
    }

    @Test
    void clientTimeout() throws Exception {
        assertThat(TimeoutExamples.clientTimeout()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void addresses() {
        assertThat(AddressExamples.addresses()).containsExactly(6, false, "::ffff:123.123.123.123", "ipv4",
                SocketAddress.of("::1", 8080), SocketAddress.of("127.0.0.1", 80));
    }

    @Test
    void blockList() throws Exception {
        List<Object> r = AddressExamples.blockList();
        assertThat(r.subList(0, 4)).containsExactly(true, true, false, true);
        assertThat(r.get(4)).isEqualTo(List.of("Subnet: IPv6 8592:757c:efae:4e45::/64",
                "Range: IPv4 10.0.0.1-10.0.0.10", "Address: IPv4 123.123.123.123"));
        assertThat(r.get(5)).isEqualTo(List.of("10.0.0.11"));
        assertThat(r.get(6)).isEqualTo(List.of("10.0.0.3"));
        assertThat(r.get(7)).isEqualTo(List.of("Subnet: IPv6 8592:757c:efae:4e45::/64",
                "Address: IPv4 123.123.123.123"));
        assertThat(r.get(8)).isEqualTo(r.get(7));
    }

    @Test
    void blockListOnServerAndClient() throws Exception {
        AddressExamples.Blocked b = AddressExamples.blockListOnServerAndClient();
        assertThat(b.serverEvent().remote().address()).isEqualTo("127.0.0.1");
        assertThat(b.clientError().code()).isEqualTo("ERR_IP_BLOCKED");
    }

    @Test
    void happyEyeballs() throws Exception {
        ConnectExamples.Raced r = ConnectExamples.happyEyeballs();
        assertThat(r.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(r.attempted()).containsExactly("::1:" + r.port(), "127.0.0.1:" + r.port());
        assertThat(r.events().get(0)).isInstanceOf(ConnectEvent.Lookup.class);
        assertThat(r.events()).filteredOn(e -> e instanceof ConnectEvent.ConnectionAttempt)
                .extracting(e -> ((ConnectEvent.ConnectionAttempt) e).ip()).containsExactly("::1", "127.0.0.1");
    }

    @Test
    void tls(@TempDir Path dir) throws java.io.IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), TlsFixtures.SERVER.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), TlsFixtures.SERVER.keyPem());
        Path ca = Files.writeString(dir.resolve("ca.pem"), TlsFixtures.CA.certificatePem());
        TlsExamples.Secured s = TlsExamples.serverAndClient(cert, key, ca);
        assertThat(s.reply()).isEqualTo("over TLS");
        assertThat(s.protocol()).isEqualTo("TLSv1.3");
        assertThat(s.alpn()).isEqualTo("echo/1");
        assertThat(s.encrypted()).isTrue();
        TestCerts.Issued other = TestCerts.leaf(TlsFixtures.CA, "*.example.test");
        Path otherCert = Files.writeString(dir.resolve("other.pem"), other.certificatePem());
        Path otherKey = Files.writeString(dir.resolve("other-key.pem"), other.keyPem());
        assertThat(TlsExamples.mutualSniAndUpdate(cert, key, ca, otherCert, otherKey)).isTrue();
    }

    @Test
    void ipc(@TempDir Path dir) {
        Path path = dir.resolve("app.sock");
        IpcExamples.Echoed e = IpcExamples.echo(path);
        assertThat(e.serverPath()).isEqualTo(path.toString());
        assertThat(e.reply()).isEqualTo("over a Unix socket");
        assertThat(path).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void jsonCodec() {
        assertThat(JsonExamples.codec()).containsExactly(
                new JsonFrame.Value<>(new JsonExamples.Order("a", 2), 0));
    }

    @Test
    void jsonTutorial() {
        JsonExamples.Tutorial t = JsonExamples.tutorial();
        assertThat(t.welcome().message()).isEqualTo("Hello, Client!");
        assertThat(t.stats().result().has("uptime")).isTrue();
        assertThat(t.stats().result().get("memory").has("heapUsed")).isTrue();
        assertThat(t.time().queryId()).isEqualTo(7);
        assertThat(t.time().result().has("time")).isTrue();
    }
}
