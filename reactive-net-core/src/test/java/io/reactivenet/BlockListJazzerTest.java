package io.reactivenet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link BlockList#fromJSON(String)} with Jazzer. The build replays the
 * corpus, {@code src/test/resources/io/reactivenet/BlockListJazzerTestInputs/<method>/}; to fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl reactive-net-core surefire:test@jazzer-regression
 * -Dtest='BlockListJazzerTest#fromJSON'}. What must hold for any text:
 * <ul>
 *   <li>the only exception is a {@link NetArgumentException} {@code ERR_INVALID_ARG_VALUE} with a
 *       message, and then the list is unchanged (all or nothing);</li>
 *   <li>what is accepted round-trips: {@code toJSON()} read by a new list gives the same
 *       {@code rules()}, so does {@code fromJSON(rules())}, and both lists answer {@code check}
 *       alike, here for the addresses the rules name and a few more.</li>
 * </ul>
 * Arbitrary text rarely gets past the JSON syntax, so half the inputs are built as a JSON array of
 * rule-like strings (a kind, a family, then fuzzed text) to reach the rule parser.
 */
class BlockListJazzerTest {

    private static final String[] KINDS = {"Address: ", "Range: ", "Subnet: ", "Other: ", ""};
    private static final String[] FAMILIES = {"IPv4 ", "IPv6 ", "IPv5 ", "ipv4 ", ""};
    private static final String[] PROBES = {"0.0.0.0", "10.0.0.1", "255.255.255.255", "::", "::1",
        "::ffff:10.0.0.1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"};

    @FuzzTest(maxDuration = "10m")
    void fromJSON(FuzzedDataProvider data) {
        String json;
        if (data.consumeBoolean()) {
            StringBuilder sb = new StringBuilder("[");
            int n = data.consumeInt(0, 4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('"').append(data.pickValue(KINDS)).append(data.pickValue(FAMILIES))
                        .append(data.consumeString(48).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            json = sb.append(data.consumeBoolean() ? "]" : data.consumeString(4)).toString();
        } else {
            json = data.consumeRemainingAsString();
        }

        BlockList list = new BlockList();
        list.addAddress("192.0.2.1");
        List<String> before = list.rules();
        try {
            list.fromJSON(json);
        } catch (NetArgumentException e) {
            assertThat(e.code()).as("code for %s", quoted(json)).isEqualTo(NetArgumentException.ERR_INVALID_ARG_VALUE);
            assertThat(e.getMessage()).as("message for %s", quoted(json)).isNotBlank();
            assertThat(list.rules()).as("all or nothing for %s", quoted(json)).isEqualTo(before);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("fromJSON threw an undocumented exception for " + quoted(json), e);
        }
        List<String> rules = list.rules();
        assertThat(rules.subList(rules.size() - before.size(), rules.size())).isEqualTo(before);

        BlockList fromText = new BlockList();
        fromText.fromJSON(list.toJSON());
        assertThat(fromText.rules()).as("toJSON round trip of %s", quoted(json)).isEqualTo(rules);
        BlockList fromList = new BlockList();
        fromList.fromJSON(rules);
        assertThat(fromList.rules()).as("rules() round trip of %s", quoted(json)).isEqualTo(rules);

        for (String rule : rules) {
            for (String word : rule.split("[ /-]")) {
                probe(list, fromText, word, json);
            }
        }
        for (String p : PROBES) {
            probe(list, fromText, p, json);
        }
    }

    private static void probe(BlockList a, BlockList b, String address, String json) {
        for (String family : new String[] {"ipv4", "ipv6"}) {
            assertThat(b.check(address, family)).as("check(%s, %s) after the round trip of %s", address, family,
                    quoted(json)).isEqualTo(a.check(address, family));
        }
    }

    private static String quoted(String s) {
        return "'" + SocketAddress.printable(s) + "'";
    }
}
