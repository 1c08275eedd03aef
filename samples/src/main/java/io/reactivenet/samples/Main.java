package io.reactivenet.samples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the samples jar: {@code java -jar reactive-net-samples.jar <sample> [options]}.
 * Exit codes: 0 on a clean stop (SIGINT/SIGTERM included), 1 on a runtime failure (e.g. the port is
 * in use, the server is unreachable), 2 for a bad command line.
 */
public final class Main {

    /** A runnable sample: parses its own options, returns the process exit code. */
    interface Sample {
        int run(String[] args) throws Exception;
    }

    static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("echo-server", EchoServer::run);
        SAMPLES.put("echo-client", EchoClient::run);
        SAMPLES.put("chat-server", ChatServer::run);
        SAMPLES.put("chat-client", ChatClient::run);
        SAMPLES.put("json-server", JsonServer::run);
        SAMPLES.put("json-client", JsonClient::run);
        SAMPLES.put("timeout-server", TimeoutServer::run);
        SAMPLES.put("ipc-server", IpcEchoServer::run);
        SAMPLES.put("ipc-client", IpcEchoClient::run);
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            var out = args.length == 0 ? System.err : System.out;
            out.println("usage: java -jar reactive-net-samples.jar <sample> [options]   (<sample> --help for its options)");
            out.println("samples: " + String.join(", ", SAMPLES.keySet()));
            return args.length == 0 ? 2 : 0;
        }
        Sample sample = SAMPLES.get(args[0]);
        if (sample == null) {
            System.err.println("unknown sample " + args[0] + "; samples: " + String.join(", ", SAMPLES.keySet()));
            return 2;
        }
        if (args[0].endsWith("-server")) {
            MemorySettings.apply();         // memory that comes back after a burst (see there)
        }
        try {
            return sample.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (Options.UsageException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println(args[0] + ": " + describe(e));
            if (Boolean.getBoolean("samples.trace")) {      // java -Dsamples.trace=true -jar ...
                e.printStackTrace();
            }
            return 1;
        }
    }

    /** One line for a failure: Reactor wraps checked exceptions thrown by block(). */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof RuntimeException && t.getClass() == RuntimeException.class
                || t.getClass().getName().startsWith("reactor.core.Exceptions"))) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
