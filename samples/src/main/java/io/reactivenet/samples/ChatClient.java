package io.reactivenet.samples;

import io.reactivenet.ConnectOptions;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Truncation;
import io.reactivenet.text.Text;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The tutorial's terminal chat client: lines typed on stdin go to the server, lines from the
 * server are printed. On a terminal, a server line never mangles the line being typed: it is
 * printed above the prompt, and the prompt with the half-typed line is drawn again (as Node's
 * readline does). Exits 0 when the server closes the connection or stdin ends.
 */
final class ChatClient {

    private ChatClient() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("chat-client")
                .option("port", "8080", "TCP port of the chat-server")
                .option("host", "127.0.0.1", "host of the chat-server");
        if (!o.parse(args)) {
            return 0;
        }
        NetSocket socket = Net.connect(ConnectOptions.to(o.string("host"), o.port()).timeout(Duration.ofSeconds(10)))
                .block();
        LineEditor editor = System.console() != null ? LineEditor.open() : null;
        try {
            // Server lines as text (Node's readline 'line' events, with a length limit), printed one by one.
            Mono<Integer> serverDone = socket.inbound()
                    .transform(Text.lines(Framing.lines(1 << 20).withTruncation(Truncation.ALLOW)))
                    .doOnNext(line -> {
                        if (editor != null) {
                            editor.printAbove(line);
                        } else {
                            System.out.println(line);
                            System.out.flush();
                        }
                    })
                    .then(Mono.just(0))
                    .onErrorResume(e -> {
                        System.err.println("connection lost: " + Main.describe(e));
                        return Mono.just(1);
                    })
                    .cache();
            // Our lines, sent as they are typed; at end of input, FIN: the server then ends too.
            Flux<String> typed = editor != null ? editor.lines() : pipedLines(System.in);
            Mono<Void> stdinDone = socket.send(typed.map(l -> ByteBuffer.wrap((l + "\n").getBytes(StandardCharsets.UTF_8))))
                    .then(socket.end())
                    .onErrorResume(e -> Mono.empty())
                    .cache();
            stdinDone.subscribe();
            serverDone.subscribe();
            // Whichever comes first: the server closes, or stdin ended and the server had 5 s to close.
            int status = Mono.firstWithSignal(serverDone, stdinDone.then(Mono.delay(Duration.ofSeconds(5))).thenReturn(0))
                    .block();
            System.err.println("Disconnected from server");
            return status;
        } finally {
            if (editor != null) {
                editor.close();
            }
            socket.destroy();
        }
    }

    /** Lines of a non-terminal stdin (a pipe or a file), read on demand on a blocking-friendly thread. */
    static Flux<String> pipedLines(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return Flux.<String>generate(sink -> {
            try {
                String line = reader.readLine();
                if (line == null) {
                    sink.complete();
                } else {
                    sink.next(line);
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException(e));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * A minimal readline for a terminal: turns off the terminal's own line editing and echo
     * ({@code stty -icanon -echo}), keeps the line being typed itself, and can print a line above it.
     * Keys: printable characters, Backspace, Ctrl-U (clear), Enter, Ctrl-D on an empty line (end).
     * Ctrl-C still sends SIGINT; the terminal settings are restored on exit either way.
     */
    static final class LineEditor {
        private static final String PROMPT = "> ";
        private final String savedSettings;
        private final PrintStream out = System.out;
        private final ByteArrayOutputStream typing = new ByteArrayOutputStream();
        private final Thread restore = new Thread(this::restoreTerminal);

        private LineEditor(String savedSettings) {
            this.savedSettings = savedSettings;
            Runtime.getRuntime().addShutdownHook(restore);
        }

        static @Nullable LineEditor open() {
            try {
                String saved = stty("-g").trim();
                stty("-icanon", "-echo", "min", "1");
                LineEditor e = new LineEditor(saved);
                e.redraw();
                return e;
            } catch (IOException | RuntimeException e) {
                return null;        // no stty: plain line mode
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Prints a server line above the prompt and draws the half-typed line again. */
        synchronized void printAbove(String line) {
            out.print("\r\033[K" + line + "\n");
            redraw();
        }

        /** Lines as they are completed with Enter; completes on Ctrl-D at an empty line or end of input. */
        Flux<String> lines() {
            return Flux.<String>generate(sink -> {
                try {
                    while (true) {
                        int b = System.in.read();
                        String done = key(b);
                        if (done == null) {
                            continue;
                        }
                        if (done.equals("\u0004")) {
                            sink.complete();
                        } else {
                            sink.next(done);
                        }
                        return;
                    }
                } catch (IOException e) {
                    sink.error(new UncheckedIOException(e));
                }
            }).subscribeOn(Schedulers.boundedElastic());
        }

        /** Applies one byte; returns a finished line, "\u0004" for end, or null to read on. */
        private synchronized @Nullable String key(int b) {
            if (b < 0 || (b == 4 && typing.size() == 0)) {
                out.print("\r\033[K");
                out.flush();
                return "\u0004";
            }
            if (b == '\r' || b == '\n') {
                String line = typing.toString(StandardCharsets.UTF_8);
                typing.reset();
                out.print("\r\033[K" + PROMPT + line + "\n");
                redraw();
                return line;
            }
            if (b == 127 || b == 8) {
                String s = typing.toString(StandardCharsets.UTF_8);
                if (!s.isEmpty()) {
                    int end = s.offsetByCodePoints(s.length(), -1);
                    typing.reset();
                    typing.writeBytes(s.substring(0, end).getBytes(StandardCharsets.UTF_8));
                }
            } else if (b == 21) {
                typing.reset();
            } else if (b >= 0x20 || b == '\t') {
                typing.write(b);
            }
            redraw();
            return null;
        }

        private synchronized void redraw() {
            out.print("\r\033[K" + PROMPT + typing.toString(StandardCharsets.UTF_8));
            out.flush();
        }

        void close() {
            restoreTerminal();
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException alreadyExiting) {
                // the hook runs anyway
            }
        }

        private void restoreTerminal() {
            try {
                stty(savedSettings);
            } catch (IOException | RuntimeException e) {
                // nothing more we can do for the terminal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String stty(String... args) throws IOException, InterruptedException {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "stty";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("stty failed");
            }
            return result;
        }
    }
}
