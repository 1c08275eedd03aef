package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's quick start is this compiled code, and it works. */
class QuickStartTest {

    @Test
    void quickStartEchoes() {
        assertThat(QuickStart.run()).isEqualTo("hello, reactive-net");
    }

    @Test
    void readmeShowsTheCompiledQuickStart() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/reactivenet/samples/QuickStart.java"));
        String tagged = between(source, "// docs:begin quickstart\n", "        // docs:end quickstart");
        String readme = Files.readString(Path.of("../README.md"));
        String expected = tagged.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertThat(readme).as("README quick start block matches QuickStart.java").contains(expected);
    }

    private static String between(String s, String start, String end) {
        int a = s.indexOf(start);
        int b = s.indexOf(end, a);
        assertThat(a).isNotNegative();
        assertThat(b).isGreaterThan(a);
        return s.substring(a + start.length(), b);
    }
}
