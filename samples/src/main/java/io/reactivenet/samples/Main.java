package io.reactivenet.samples;

/** Entry point of the samples jar; grows a sample per module. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("usage: java -jar reactive-net-samples.jar <sample> [options]");
        System.exit(2);
    }
}
