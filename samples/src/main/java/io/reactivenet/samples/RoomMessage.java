package io.reactivenet.samples;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One message of the shared room on its Redis channel: which instance sent it, that instance's
 * sequence number for it, what it is, about whom, and its bytes.
 *
 * <pre>
 *   chat1 &lt;instance&gt; &lt;seq&gt; &lt;kind&gt; &lt;user&gt;\n&lt;body bytes&gt;
 * </pre>
 * The header is ASCII (ids are {@code address:port} and hex); the body is raw bytes, so a line's
 * UTF-8 (or anything else) passes through untouched. Kinds: {@link #LINE} (body: the line as
 * members get it, "id: text\r\n"), {@link #JOIN}, {@link #LEAVE} (no body), and {@link #GONE}: the
 * instance named in {@code user} expired (killed), the body lists its users, one per line.
 *
 * <p>The (instance, seq) pair is what makes delivery exactly-once and in order: an instance numbers
 * its messages in the order its room saw them, and a receiver takes from each instance only a
 * sequence number higher than the last one it took.
 */
record RoomMessage(String instance, long seq, char kind, String user, byte[] body) {

    static final char LINE = 'L';
    static final char JOIN = 'J';
    static final char LEAVE = 'P';
    static final char GONE = 'X';
    private static final String MAGIC = "chat1";
    private static final int MAX_HEADER = 512;

    byte[] encode() {
        byte[] head = (MAGIC + " " + instance + " " + seq + " " + kind + " " + user + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** The message in {@code raw}, or null if it is not one of ours (someone else on the channel). */
    static @Nullable RoomMessage decode(byte[] raw) {
        int nl = -1;
        for (int i = 0; i < Math.min(raw.length, MAX_HEADER); i++) {
            if (raw[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            return null;
        }
        String[] h = new String(raw, 0, nl, StandardCharsets.US_ASCII).split(" ", -1);
        if (h.length != 5 || !h[0].equals(MAGIC) || h[3].length() != 1) {
            return null;
        }
        long seq;
        try {
            seq = Long.parseLong(h[2]);
        } catch (NumberFormatException e) {
            return null;
        }
        return new RoomMessage(h[1], seq, h[3].charAt(0), h[4], Arrays.copyOfRange(raw, nl + 1, raw.length));
    }
}
