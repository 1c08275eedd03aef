package io.reactivenet.samples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the samples jar: {@code java -jar reactive-net-samples.jar <sample> [options]}.
 * Exit codes: 0 on a clean stop, 2 for bad options.
 */
public final class Main {

    /** A runnable sample: parses its own options, returns the process exit code. */
    interface Sample {
        int run(String[] args) throws Exception;
    }

    static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("echo-server", EchoServer::run);
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || !SAMPLES.containsKey(args[0])) {
            System.err.println("usage: java -jar reactive-net-samples.jar <sample> [options]");
            System.err.println("samples: " + String.join(", ", SAMPLES.keySet()));
            System.exit(args.length > 0 && args[0].equals("--help") ? 0 : 2);
        }
        System.exit(SAMPLES.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length)));
    }
}
