package io.reactivenet.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.spring.boot.autoconfigure.ReactiveNetServerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The blocks of docs/spring-boot.md that are not Java (whose regions {@code DocsTest} checks): the
 * xml block is the dependency this module's pom declares; every {@code reactive-net.server.*}
 * property in a properties block is one the starter's metadata lists, and binds; every other
 * property is set the same way in this sample's application.properties or one of its profiles
 * (application-NAME.properties). The page's table lists
 * every property of the metadata.
 */
class SpringDocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PAGE = ROOT.resolve("docs/spring-boot.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(reactive-net\\.server\\.[\\w.-]+)\"");

    @Test
    void xmlBlockIsThisModulesDependency() throws IOException {
        String pom = squash(Files.readString(ROOT.resolve("samples-spring/pom.xml")));
        List<String> xml = blocks("xml");
        assertThat(xml).isNotEmpty();
        xml.forEach(b -> assertThat(pom).contains(squash(b)));
    }

    @Test
    void propertiesBlocksAreRealProperties() throws IOException {
        List<String> known = metadataNames();
        List<String> app = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("samples-spring/src/main/resources"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("application(-\\w+)?\\.properties"))
                    .toList()) {
                app.addAll(Files.readAllLines(f));
            }
        }
        List<String> blocks = blocks("properties");
        assertThat(blocks).isNotEmpty();
        Map<String, String> ours = new LinkedHashMap<>();
        for (String block : blocks) {
            for (String line : block.strip().split("\n")) {
                String key = line.substring(0, line.indexOf('='));
                if (key.startsWith("reactive-net.server.")) {
                    assertThat(known).as(line).contains(key);
                    ours.put(key, line.substring(line.indexOf('=') + 1));
                } else {
                    assertThat(app).as(line).contains(line);
                }
            }
        }
        // Binding runs the properties' checks: a bad value in the page fails here.
        assertThat(new Binder(new MapConfigurationPropertySource(ours))
                .bind("reactive-net.server", ReactiveNetServerProperties.class).isBound()).isTrue();
    }

    @Test
    void tableListsEveryProperty() throws IOException {
        String page = Files.readString(PAGE);
        for (String name : metadataNames()) {
            assertThat(page).as(name).contains("| `" + name + "` |");
        }
    }

    private static List<String> blocks(String lang) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(PAGE));
        while (m.find()) {
            if (m.group(1).equals(lang)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /** The reactive-net.server.* names of the starter's generated configuration metadata. */
    private static List<String> metadataNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (URL url : Collections.list(SpringDocsTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                // Only the "properties" array: "groups" also names the nested ssl and metrics groups.
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int from = json.indexOf("\"properties\"");
                int to = json.indexOf("\"hints\"", Math.max(from, 0));
                Matcher m = NAME.matcher(json.substring(Math.max(from, 0), to < 0 ? json.length() : to));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).as("generated metadata").contains("reactive-net.server.port");
        return names;
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }
}
