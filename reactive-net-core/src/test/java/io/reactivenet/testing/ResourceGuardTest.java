package io.reactivenet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Each guard of {@link ResourceGuard} must be able to fail: a nested JUnit engine runs a class that
 * leaks one kind of resource, and the class must fail naming it. The leaking classes run only from
 * here ({@code armed}), and this test releases what they leaked afterwards, so that its own guard
 * sees nothing.
 */
@EnabledOnOs(OS.LINUX)
class ResourceGuardTest {

    static volatile boolean armed;
    static final List<AutoCloseable> LEAKED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static boolean armed() {
        return armed;
    }

    @AfterEach
    void release() throws Exception {
        armed = false;
        for (AutoCloseable c : LEAKED) {
            c.close();
        }
        LEAKED.clear();
    }

    @Test
    void aLeakedFileDescriptorFailsTheClass(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("leaked-file.txt"));
        LeaksAFile.file = file;
        assertThat(failureOf(LeaksAFile.class))
                .contains("open file descriptors (1)", file.toString())
                .doesNotContain("open sockets", "live threads");
    }

    @Test
    void aLeakedThreadFailsTheClass() {
        assertThat(failureOf(LeaksAThread.class))
                .contains("live threads (1)", "\"leaky-thread-for-ResourceGuardTest\"")
                .doesNotContain("open sockets", "open file descriptors");
    }

    @Test
    void aLeakedSocketFailsTheClass() {
        assertThat(failureOf(LeaksASocket.class))
                .contains("open sockets (1)", "127.0.0.1:", "(LISTEN)")
                .doesNotContain("live threads");
    }

    @Test
    void aCleanClassPasses() {
        armed = true;
        EngineExecutionResults results = run(CleanClass.class);
        results.containerEvents().assertStatistics(s -> s.failed(0));
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    /** Runs {@code leaky} with the guard (auto-detected, as in the build) and returns its class's failure message. */
    private static String failureOf(Class<?> leaky) {
        armed = true;
        EngineExecutionResults results = run(leaky);
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        List<Event> failed = results.containerEvents().failed().list();
        assertThat(failed).as("the class container fails").hasSize(1);
        Throwable error = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        assertThat(error).isInstanceOf(AssertionError.class);
        return error.getMessage();
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("reactivenet.guard.wait", "200")
                .selectors(selectClass(testClass))
                .execute();
    }

    @EnabledIf("io.reactivenet.testing.ResourceGuardTest#armed")
    static class LeaksAFile {
        static Path file;

        @Test
        void opensAFileAndKeepsIt() throws IOException {
            LEAKED.add(FileChannel.open(file, StandardOpenOption.READ));
        }
    }

    @EnabledIf("io.reactivenet.testing.ResourceGuardTest#armed")
    static class LeaksAThread {
        @Test
        void startsAThreadThatOutlivesIt() {
            Thread t = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    java.util.concurrent.locks.LockSupport.park();
                }
            }, "leaky-thread-for-ResourceGuardTest");
            t.setDaemon(true);
            t.start();
            LEAKED.add(() -> {
                t.interrupt();
                t.join(5_000);
            });
        }
    }

    @EnabledIf("io.reactivenet.testing.ResourceGuardTest#armed")
    static class LeaksASocket {
        @Test
        void bindsAServerSocketAndKeepsIt() throws IOException {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LEAKED.add(ch);
        }
    }

    @EnabledIf("io.reactivenet.testing.ResourceGuardTest#armed")
    static class CleanClass {
        @Test
        void opensAndClosesEverything() throws IOException {
            try (ServerSocketChannel ch = ServerSocketChannel.open()) {
                ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
        }
    }
}
