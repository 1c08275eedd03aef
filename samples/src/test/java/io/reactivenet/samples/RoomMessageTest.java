package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shared room's wire format: bytes pass through untouched; anything else on the channel is ignored. */
class RoomMessageTest {

    @Test
    void aLineRoundTripsWithItsBytesUntouched() {
        byte[] body = {'1', '2', '7', ':', ' ', (byte) 0xff, (byte) 0xc3, '\n', '\r', '\n'};
        RoomMessage m = new RoomMessage("00ff00ff00ff00ff", 42, RoomMessage.LINE, "[::1]:5000", body);
        RoomMessage back = RoomMessage.decode(m.encode());
        assertThat(back).isNotNull();
        assertThat(back.instance()).isEqualTo("00ff00ff00ff00ff");
        assertThat(back.seq()).isEqualTo(42);
        assertThat(back.kind()).isEqualTo(RoomMessage.LINE);
        assertThat(back.user()).isEqualTo("[::1]:5000");
        assertThat(back.body()).containsExactly(body);
    }

    @Test
    void aJoinHasAnEmptyBody() {
        RoomMessage back = RoomMessage.decode(new RoomMessage("a", 1, RoomMessage.JOIN, "127.0.0.1:1", new byte[0]).encode());
        assertThat(back).isNotNull();
        assertThat(back.body()).isEmpty();
    }

    @Test
    void somethingElseOnTheChannelIsIgnored() {
        for (String other : new String[] {"hello", "chat1 a x L u\nbody", "chat2 a 1 L u\n", "chat1 a 1 LL u\n",
                "chat1 a 1 L\n", ""}) {
            assertThat(RoomMessage.decode(other.getBytes(StandardCharsets.UTF_8))).as(other).isNull();
        }
    }
}
