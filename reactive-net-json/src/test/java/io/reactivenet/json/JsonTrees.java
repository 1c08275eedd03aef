package io.reactivenet.json;

import java.math.BigInteger;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Random JSON trees for property tests: nested containers, every scalar kind, and strings full of multi-byte UTF-8 and escapes. */
final class JsonTrees {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    // 1-, 2-, 3- and 4-byte UTF-8, characters JSON must escape, and a lone newline (escaped on the wire).
    private static final String[] PIECES = {"a", "Z", "0", " ", "é", "ß", "中", "文", "😀", "𝄞", "\"", "\\", "\n", "\t",
        "\u0000", "\u001f", "/", "€", "ஜ", "\u2028"};

    private JsonTrees() {
    }

    static JsonNode tree(Random r, int depth) {
        int kind = depth <= 0 ? r.nextInt(6) : r.nextInt(8);
        switch (kind) {
            case 0: return F.nullNode();
            case 1: return F.booleanNode(r.nextBoolean());
            // Each number in the range Jackson reads it back as (int, long, double, BigInteger), so trees compare equal.
            case 2: return r.nextInt(3) == 0 ? F.numberNode(r.nextLong() | (1L << 40)) : F.numberNode(r.nextInt(1000) - 500);
            case 3: return r.nextBoolean() ? F.numberNode(r.nextDouble() * 1e6 - 5e5)
                    : F.numberNode(new BigInteger(80, r).setBit(79).negate());
            case 4:
            case 5: return F.stringNode(string(r));
            case 6: {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.add(tree(r, depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    o.set(string(r), tree(r, depth - 1));
                }
                return o;
            }
        }
    }

    static String string(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
