package io.reactivenet.internal.address;

import java.util.ArrayList;
import java.util.List;

/** A tiny parser for a JSON array of strings, e.g. {@code ["a", "b\u0021"]}; nothing else. */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * The strings of a JSON array of strings.
     *
     * @throws IllegalArgumentException naming the offset and what was expected
     */
    public static List<String> parseArray(String json) {
        List<String> out = new ArrayList<>();
        int[] pos = {skipSpace(json, 0)};
        expect(json, pos, '[');
        pos[0] = skipSpace(json, pos[0]);
        if (peek(json, pos[0]) == ']') {
            pos[0]++;
        } else {
            while (true) {
                pos[0] = skipSpace(json, pos[0]);
                out.add(string(json, pos));
                pos[0] = skipSpace(json, pos[0]);
                char c = peek(json, pos[0]);
                if (c == ',') {
                    pos[0]++;
                    continue;
                }
                expect(json, pos, ']');
                break;
            }
        }
        if (skipSpace(json, pos[0]) != json.length()) {
            throw error(json, skipSpace(json, pos[0]), "end of input");
        }
        return out;
    }

    private static String string(String json, int[] pos) {
        expect(json, pos, '"');
        StringBuilder sb = new StringBuilder();
        int i = pos[0];
        while (true) {
            if (i >= json.length()) {
                throw error(json, i, "closing quote");
            }
            char c = json.charAt(i++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw error(json, i - 1, "no control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= json.length()) {
                throw error(json, i, "escape");
            }
            char e = json.charAt(i++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (i + 4 > json.length()) {
                        throw error(json, i, "four hex digits");
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(json.charAt(i++), 16);
                        if (d < 0) {
                            throw error(json, i - 1, "four hex digits");
                        }
                        v = (v << 4) | d;
                    }
                    sb.append((char) v);
                    break;
                default:
                    throw error(json, i - 1, "a valid escape");
            }
        }
        pos[0] = i;
        return sb.toString();
    }

    private static char peek(String json, int i) {
        return i < json.length() ? json.charAt(i) : '\0';
    }

    private static void expect(String json, int[] pos, char c) {
        if (peek(json, pos[0]) != c || pos[0] >= json.length()) {
            throw error(json, pos[0], "'" + c + "'");
        }
        pos[0]++;
    }

    private static int skipSpace(String json, int i) {
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    private static IllegalArgumentException error(String json, int at, String expected) {
        String near = json.substring(Math.min(at, json.length()), Math.min(json.length(), at + 20));
        return new IllegalArgumentException("Not a JSON array of strings: expected " + expected + " at offset "
                + at + " near '" + near + "'");
    }
}
