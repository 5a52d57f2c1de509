package dev.dropuser.security;

import dev.dropuser.result.ResultCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Generators of drop bodies for fuzzing (CONTRACT §2, §7): arbitrary bytes, JSON-ish text, mutations, and
 * structured near-valid bodies that carry their own expected verdict, computed here from the contract's rules
 * independently of the production parser.
 */
public final class DropBodies {
    public static final int MAX_BODY_BYTES = 65_536;
    static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-";
    /** Characters an id must not contain, including look-alikes of allowed ones. */
    static final String[] BAD_ID_CHARS = {" ", "{", "}", "/", "\"", "\\", "*", "#", "?", "%", "+", "=", "\n", "\u0000",
            "\u007f", "\u00e9", "\u212a", "\u017f", "\u0130", "\uff11", "\u2024", "\u00b7", "\ud83d\ude00", "\u200b"};
    /** Live client ids the HTTP fuzzing seeds, so that some generated bodies really drop someone. */
    public static final List<String> LIVE_IDS = List.of("c1", "c2");

    /** A body with the verdict the contract gives it. */
    public record Case(byte[] body, Verdict verdict) {
    }

    /**
     * The contract's verdict: {@code refusal} empty means valid with exactly these values.
     */
    public record Verdict(Optional<ResultCode> refusal, String roomId, List<String> clientIds, Optional<String> reason,
            int banSeconds) {
        static Verdict refused(ResultCode code) {
            return new Verdict(Optional.of(code), null, null, Optional.empty(), 0);
        }

        public boolean valid() {
            return refusal.isEmpty();
        }
    }

    private DropBodies() {
    }

    // ---------------------------------------------------------------- unstructured

    /** Arbitrary bytes, mostly short, sometimes around the 64 KiB limit. */
    public static byte[] bytes(Random random) {
        int length = switch (random.nextInt(20)) {
            case 0 -> MAX_BODY_BYTES - 2 + random.nextInt(5);
            case 1, 2 -> random.nextInt(4096);
            default -> random.nextInt(96);
        };
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static final String[] JSONISH = {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\n", "\t",
            "\"clientIds\"", "\"reason\"", "\"banSeconds\"", "\"roomId\"", "null", "true", "false", "0", "-0", "1",
            "86400", "86401", "-1", "1.5", "1e9", "1E999", "99999999999999999999", "NaN", "Infinity", "\"c1\"", "\"c 1\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\uDC00\\uD800\"", "\"\\u00e9\"", "\\u", "\\x41", "'", "/*", "*/", "//",
            "\u00e9", "\ud83d\ude00", "\ufeff", "\u0000", "\u2028", "[]", "{}", "\"\"", "\"clientIds\":[", "\"clientIds\":[]"};

    /** Text made of JSON tokens and near-tokens, sometimes with invalid UTF-8 spliced in. */
    public static byte[] jsonish(Random random) {
        StringBuilder text = new StringBuilder();
        int tokens = random.nextInt(40);
        for (int i = 0; i < tokens; i++) {
            text.append(JSONISH[random.nextInt(JSONISH.length)]);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(5) == 0) {
            return splice(random, utf8, Fuzz.oneOf(random,
                    new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0x80},
                    new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                    new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {0}));
        }
        return utf8;
    }

    /** A near-valid body with one to three random byte-level mutations. */
    public static byte[] mutated(Random random, boolean webhook) {
        byte[] body = nearValid(random, webhook).body();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && body.length > 0; i++) {
            int at = random.nextInt(body.length);
            body = switch (random.nextInt(4)) {
                case 0 -> {
                    body[at] ^= (byte) (1 << random.nextInt(8));
                    yield body;
                }
                case 1 -> splice(random, body, new byte[] {(byte) random.nextInt(256)});
                case 2 -> {
                    byte[] out = new byte[body.length - 1];
                    System.arraycopy(body, 0, out, 0, at);
                    System.arraycopy(body, at + 1, out, at, body.length - at - 1);
                    yield out;
                }
                default -> {
                    int length = Math.min(body.length - at, 1 + random.nextInt(16));
                    yield splice(random, body, java.util.Arrays.copyOfRange(body, at, at + length));
                }
            };
        }
        return body;
    }

    /** Any of the generators above, or a near-valid body. */
    public static byte[] anyBody(Random random, boolean webhook) {
        return switch (random.nextInt(4)) {
            case 0 -> bytes(random);
            case 1 -> jsonish(random);
            case 2 -> mutated(random, webhook);
            default -> nearValid(random, webhook).body();
        };
    }

    /** Inputs that break parsers: nesting, huge numbers, encodings, the exact size limit. */
    public static List<byte[]> edgeCases(boolean webhook) {
        String room = webhook ? "\"roomId\":\"r1\"," : "";
        String valid = "{" + room + "\"clientIds\":[\"c1\"]}";
        List<byte[]> cases = new ArrayList<>();
        cases.add(new byte[0]);
        for (String text : List.of("{}", "null", "[]", "\"x\"", "0", " ", "{\"clientIds\":[]}", valid, valid + " ",
                "\ufeff" + valid, valid + "\u0000", "[".repeat(100_000), "{\"a\":".repeat(20_000),
                "{" + room + "\"clientIds\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{" + room + "\"clientIds\":[\"c1\"],\"banSeconds\":" + "9".repeat(5_000) + "}",
                "{" + room + "\"clientIds\":[\"c1\"],\"banSeconds\":0." + "0".repeat(5_000) + "1}",
                "{" + room + "\"clientIds\":[\"c1\"],\"banSeconds\":1e2147483647}",
                "{" + room + "\"clientIds\":[\"c1\"],\"reason\":\"\\ud800\"}",
                "{" + room + "\"clientIds\":[\"c1\"],\"reason\":\"\\ud83d\\ude00\"}",
                "{" + room + "\"clientIds\":[\"\\u0063\\u0031\"]}",
                "{" + room + "\"clientIds\":[\"c1\"],\"\\u0072eason\":\"x\"}",
                "{" + room + "\"clientIds\":[\"c1\"],\"reason\":\"x\",\"re\\u0061son\":\"y\"}")) {
            cases.add(text.getBytes(StandardCharsets.UTF_8));
        }
        cases.add(valid.getBytes(StandardCharsets.UTF_16BE));
        cases.add(valid.getBytes(StandardCharsets.UTF_16LE));
        cases.add(padTo(valid, MAX_BODY_BYTES));
        cases.add(padTo(valid, MAX_BODY_BYTES + 1));
        cases.add(new byte[] {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', ':', '1', '}'});
        return cases;
    }

    private static byte[] padTo(String json, int size) {
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] splice(Random random, byte[] into, byte[] insert) {
        int at = into.length == 0 ? 0 : random.nextInt(into.length + 1);
        byte[] out = new byte[into.length + insert.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(into, at, out, at + insert.length, into.length - at);
        return out;
    }

    // ---------------------------------------------------------------- structured, with a verdict

    /** A room id for the path: valid most of the time. */
    public static String pathRoom(Random random) {
        return random.nextInt(10) == 0 ? id(random) : "r1";
    }

    /**
     * A body shaped like a drop request, valid or slightly off in one or more ways, with the contract's verdict.
     * For the webhook ({@code webhook}) the body names its room; otherwise the room comes from the path and
     * {@code pathRoom} is judged with it.
     */
    public static Case nearValid(Random random, boolean webhook) {
        return nearValid(random, webhook, "r1");
    }

    public static Case nearValid(Random random, boolean webhook, String pathRoom) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        boolean valid = true;
        String roomId = pathRoom;
        if (webhook) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                roomId = null;
                valid = false;
            } else if (kind == 1) {
                fields.add(Map.entry("roomId", Fuzz.oneOf(random, "1", "null", "[\"r1\"]", "{}", "true")));
                roomId = null;
                valid = false;
            } else {
                roomId = random.nextInt(4) == 0 ? id(random) : "r1";
                fields.add(Map.entry("roomId", quote(random, roomId)));
            }
        } else if (random.nextInt(25) == 0) {
            fields.add(Map.entry("roomId", quote(random, "r1")));
            valid = false;
        }
        valid &= roomId != null && idIsValid(roomId);

        List<String> distinct = new ArrayList<>();
        int idsKind = random.nextInt(40);
        if (idsKind == 0) {
            valid = false;
        } else if (idsKind == 1) {
            fields.add(Map.entry("clientIds", Fuzz.oneOf(random, "null", "\"c1\"", "1", "{}", "true", "[[\"c1\"]]")));
            valid = false;
        } else {
            List<String> elements = new ArrayList<>();
            int count = switch (random.nextInt(30)) {
                case 0 -> 999 + random.nextInt(3);
                case 1 -> 1001 + random.nextInt(3);
                default -> random.nextInt(6);
            };
            boolean duplicated = count >= 1000 && random.nextBoolean();
            // long ids put a thousand of them right around the 64 KiB limit
            int padding = random.nextBoolean() ? 0 : 55 + random.nextInt(10);
            LinkedHashSet<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                String element;
                if (duplicated && i > 0 && random.nextInt(200) == 0) {
                    String again = new ArrayList<>(seen).get(random.nextInt(seen.size()));
                    element = quote(random, again);
                    seen.add(again);
                } else if (random.nextInt(150) == 0) {
                    element = Fuzz.oneOf(random, "1", "null", "true", "[]", "{}", "1.5");
                    valid = false;
                } else {
                    String id = count > 20 ? bulkId(random, i, padding) : clientId(random);
                    valid &= idIsValid(id);
                    element = quote(random, id);
                    seen.add(id);
                }
                elements.add(element);
            }
            distinct.addAll(seen);
            valid &= distinct.size() <= 1000;
            fields.add(Map.entry("clientIds", "[" + String.join(ws(random) + "," + ws(random), elements) + "]"));
        }

        Optional<String> reason = Optional.empty();
        switch (random.nextInt(12)) {
            case 0, 1, 2, 3, 4 -> {
                String text = reason(random);
                reason = Optional.of(text);
                valid &= reasonIsValid(text);
                fields.add(Map.entry("reason", quote(random, text)));
            }
            case 5 -> fields.add(Map.entry("reason", "null"));
            case 6 -> {
                fields.add(Map.entry("reason", Fuzz.oneOf(random, "1", "true", "[\"x\"]", "{}")));
                valid = false;
            }
            default -> {
            }
        }

        int banSeconds = 0;
        if (random.nextBoolean()) {
            BanLiteral ban = banSeconds(random);
            fields.add(Map.entry("banSeconds", ban.json()));
            if (ban.value() == null) {
                valid = false;
            } else {
                banSeconds = ban.value();
            }
        }

        if (random.nextInt(15) == 0) {
            String name = Fuzz.oneOf(random, "ClientIds", "clientids", "clientIds ", " clientIds", "client_ids",
                    "reason\u0000", "ban_seconds", "__proto__", "constructor", "", "force", "\u0441lientIds", "roomID",
                    "x".repeat(500));
            fields.add(Map.entry(name, Fuzz.oneOf(random, "true", "1", "\"x\"", "null")));
            valid = false;
        }
        if (!fields.isEmpty() && random.nextInt(25) == 0) {
            fields.add(fields.get(random.nextInt(fields.size())));
            valid = false;
        }
        Collections.shuffle(fields, random);

        StringBuilder json = new StringBuilder(ws(random)).append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                json.append(ws(random)).append(',');
            }
            json.append(ws(random)).append(quote(random, fields.get(i).getKey())).append(ws(random)).append(':')
                    .append(ws(random)).append(fields.get(i).getValue());
        }
        json.append(ws(random)).append('}').append(ws(random));
        if (random.nextInt(30) == 0) {
            json.append(Fuzz.oneOf(random, "x", "{}", "]", ",", "null"));
            valid = false;
        }
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);

        Verdict verdict;
        if (body.length > MAX_BODY_BYTES) {
            verdict = Verdict.refused(ResultCode.PAYLOAD_TOO_LARGE);
        } else if (!valid) {
            verdict = Verdict.refused(ResultCode.INVALID_REQUEST);
        } else {
            verdict = new Verdict(Optional.empty(), roomId, List.copyOf(distinct), reason, banSeconds);
        }
        return new Case(body, verdict);
    }

    record BanLiteral(String json, Integer value) {
    }

    private static final BanLiteral[] BAN_LITERALS = {
            new BanLiteral("0", 0), new BanLiteral("1", 1), new BanLiteral("-0", 0), new BanLiteral("86399", 86_399),
            new BanLiteral("86400", 86_400), new BanLiteral("86401", null), new BanLiteral("-1", null),
            new BanLiteral("2147483647", null), new BanLiteral("2147483648", null), new BanLiteral("-2147483648", null),
            new BanLiteral("99999999999999999999", null), new BanLiteral("1.0", null), new BanLiteral("1e2", null),
            new BanLiteral("1E2", null), new BanLiteral("0.0", null), new BanLiteral("-0.0", null),
            new BanLiteral("86400.0", null), new BanLiteral("0x10", null), new BanLiteral("086400", null),
            new BanLiteral("+1", null), new BanLiteral("NaN", null), new BanLiteral("Infinity", null),
            new BanLiteral("\"60\"", null), new BanLiteral("true", null), new BanLiteral("[]", null),
            new BanLiteral("{}", null), new BanLiteral("null", 0)};

    private static BanLiteral banSeconds(Random random) {
        if (random.nextInt(3) == 0) {
            int value = random.nextInt(300_000) - 100_000;
            return new BanLiteral(Integer.toString(value), value >= 0 && value <= 86_400 ? value : null);
        }
        return BAN_LITERALS[random.nextInt(BAN_LITERALS.length)];
    }

    private static String bulkId(Random random, int index, int padding) {
        String id = "c" + index + (padding > 0 ? "-" + "x".repeat(padding) : "");
        return random.nextInt(400) == 0 ? id + BAD_ID_CHARS[random.nextInt(BAD_ID_CHARS.length)] : id;
    }

    /** A client id: from the live ones, valid random, or with one forbidden character; lengths around 128. */
    public static String clientId(Random random) {
        return random.nextInt(5) == 0 ? LIVE_IDS.get(random.nextInt(LIVE_IDS.size())) : id(random);
    }

    static String id(Random random) {
        int length = switch (random.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 127 + random.nextInt(3);
            case 2 -> 130 + random.nextInt(100);
            default -> 1 + random.nextInt(12);
        };
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        if (random.nextInt(6) == 0) {
            int at = random.nextInt(id.length() + 1);
            id.insert(at, BAD_ID_CHARS[random.nextInt(BAD_ID_CHARS.length)]);
        }
        return id.toString();
    }

    /** The contract's id rule, written out by hand rather than with the production pattern. */
    public static boolean idIsValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (ID_ALPHABET.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reason text whose UTF-8 size lands around 120 bytes, sometimes with control characters or lone surrogates. */
    static String reason(Random random) {
        int target = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(10);
            case 1 -> 200;
            default -> 116 + random.nextInt(8);
        };
        StringBuilder text = new StringBuilder();
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < target) {
            int pick = random.nextInt(100);
            if (pick < 55) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (pick < 70) {
                text.append('\u00e9');
            } else if (pick < 80) {
                text.append('\u20ac');
            } else if (pick < 88) {
                text.append("\ud83d\ude00");
            } else if (pick < 92) {
                text.append(Fuzz.oneOf(random, "\u202e", "\u200b", "\ufeff", "\u2028", "\u00a0"));
            } else if (pick < 94) {
                text.append(Fuzz.oneOf(random, '\u0000', '\u0007', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085', '\u009f'));
            } else if (pick < 95) {
                text.append(Fuzz.oneOf(random, '\ud800', '\udfff'));
            } else {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    /** The contract's reason rule, written out by hand. */
    public static boolean reasonIsValid(String reason) {
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= reason.length() || !Character.isLowSurrogate(reason.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return utf8Length(reason) <= 120;
    }

    /** UTF-8 size of well-formed text (lone surrogates count as 3 bytes; such text is invalid anyway). */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A JSON string literal of {@code text}, escaping what must be escaped and, at random, some of the rest. */
    static String quote(Random random, String text) {
        StringBuilder out = new StringBuilder("\"");
        boolean escapeFreely = random.nextInt(8) == 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !wellPaired(text, i)
                    || escapeFreely && !Character.isSurrogate(c) && random.nextInt(3) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean wellPaired(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    private static String ws(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
