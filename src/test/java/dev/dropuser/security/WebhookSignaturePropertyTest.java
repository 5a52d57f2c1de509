package dev.dropuser.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import dev.dropuser.webhook.WebhookSender;
import dev.dropuser.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the webhook verifier (CONTRACT §7): nothing verifies unless correctly signed with a configured secret
 * inside the ±300 s window, everything correctly signed verifies, a single flipped bit anywhere is refused, and
 * the only exception ever thrown is a 1003 refusal.
 */
class WebhookSignaturePropertyTest {
    static final String CURRENT = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ROTATED = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";
    static final String UNKNOWN = "whsec_dW5rbm93bi1zZWNyZXQtdmFsdWUtMTIzNA==";
    static final int TRIES = Fuzz.tries(1_000);
    /** Exhaustive bit flips are costlier per case. */
    static final int FLIP_TRIES = Math.max(1, TRIES / 10);

    final WebhookSignature verifier = new WebhookSignature(List.of(CURRENT, ROTATED));
    final WebhookSender current = new WebhookSender(CURRENT);
    final WebhookSender rotated = new WebhookSender(ROTATED);
    final WebhookSender unknown = new WebhookSender(UNKNOWN);
    final long now = 1_764_230_400L;

    /** One webhook delivery as the verifier sees it. */
    record Message(String id, String timestamp, String signatures, byte[] body) {
        String show() {
            return "id=" + quoted(id) + " timestamp=" + quoted(timestamp) + " signature=" + quoted(signatures)
                    + " body=" + Fuzz.show(body);
        }

        private static String quoted(String text) {
            return text == null ? "null" : '"' + text.replaceAll("[^\\x20-\\x7e]", "?") + '"';
        }
    }

    @Test
    void givenArbitraryHeadersAndBodies_verify_neverAccepts() {
        Fuzz.check("webhook(arbitrary headers and bodies)", TRIES, edgeCases(), this::arbitrary,
                message -> assertRefused(message, now), Message::show);
    }

    @Test
    void givenCorrectlySignedRandomMessage_verify_alwaysAccepts() {
        Fuzz.check("webhook(correctly signed)", TRIES, List.of(), random -> {
            Message message = signed(random, now - 300 + random.nextInt(601));
            if (random.nextInt(4) == 0) {
                message = new Message(message.id(), message.timestamp(),
                        "v1,AAAA v2," + base64(random, 32) + " " + message.signatures() + " v1," + base64(random, 32),
                        message.body());
            }
            return message;
        }, message -> assertThatCode(() -> verifier.verify(message.id(), message.timestamp(), message.signatures(),
                message.body(), now)).doesNotThrowAnyException(), Message::show);
    }

    @Test
    void givenAnySingleBitFlip_verify_refuses() {
        Fuzz.check("webhook(single bit flips of body, MAC, id, timestamp)", FLIP_TRIES, List.of(),
                random -> small(signed(random, now - 300 + random.nextInt(601))), message -> {
                    // the body: every bit of a short body, 64 random bits of a long one
                    int bodyBits = message.body().length * 8;
                    for (int i = 0; i < (bodyBits <= 512 ? bodyBits : 64); i++) {
                        int bit = bodyBits <= 512 ? i : new Random(i).nextInt(bodyBits);
                        assertRefused(new Message(message.id(), message.timestamp(), message.signatures(),
                                flip(message.body(), bit)), now);
                    }
                    // the MAC itself: every one of its 256 bits
                    byte[] mac = Base64.getDecoder().decode(message.signatures().substring(3));
                    for (int bit = 0; bit < mac.length * 8; bit++) {
                        assertRefused(new Message(message.id(), message.timestamp(),
                                "v1," + Base64.getEncoder().encodeToString(flip(mac, bit)), message.body()), now);
                    }
                    // the signed id and timestamp
                    byte[] id = message.id().getBytes(StandardCharsets.UTF_8);
                    for (int bit = 0; bit < id.length * 8; bit++) {
                        String flipped = new String(flip(id, bit), StandardCharsets.UTF_8);
                        if (!flipped.equals(message.id())) {
                            assertRefused(new Message(flipped, message.timestamp(), message.signatures(), message.body()), now);
                        }
                    }
                    byte[] timestamp = message.timestamp().getBytes(StandardCharsets.US_ASCII);
                    for (int bit = 0; bit < timestamp.length * 8; bit++) {
                        assertRefused(new Message(message.id(), new String(flip(timestamp, bit), StandardCharsets.ISO_8859_1),
                                message.signatures(), message.body()), now);
                    }
                }, Message::show);
    }

    /**
     * Bit flips of the header text rather than of the MAC: every one is refused except those after which the verifier
     * still reads the very same 32 MAC bytes (base64's unused trailing bits, optional padding, a flipped '=' that
     * becomes a control character and is trimmed), which is no forgery; the count of those is reported.
     */
    @Test
    void givenSingleBitFlipOfTheSignatureText_verify_refusesUnlessTheMacBytesAreUnchanged() {
        int[] sameMac = {0};
        int[] flips = {0};
        Fuzz.check("webhook(single bit flips of the signature header text)", FLIP_TRIES, List.of(),
                random -> small(signed(random, now)), message -> {
                    byte[] header = message.signatures().getBytes(StandardCharsets.US_ASCII);
                    byte[] mac = Base64.getDecoder().decode(message.signatures().substring(3));
                    for (int bit = 0; bit < header.length * 8; bit++) {
                        String flipped = new String(flip(header, bit), StandardCharsets.ISO_8859_1);
                        flips[0]++;
                        if (carriesMac(flipped, mac)) {
                            sameMac[0]++;
                            continue;
                        }
                        assertRefused(new Message(message.id(), message.timestamp(), flipped, message.body()), now);
                    }
                }, Message::show);
        System.out.printf("[fuzz] signature text: %d of %d single-bit flips decode to the same MAC bytes%n", sameMac[0], flips[0]);
    }

    @Test
    void givenCorrectlySignedMessageOutsideTheWindow_verify_refuses() {
        List<Message> edges = new ArrayList<>();
        Random fixed = new Random(7);
        for (long offset : List.of(301L, -301L, 86_400L, -86_400L, -now, Long.MAX_VALUE - now, Long.MIN_VALUE + 1 - now)) {
            edges.add(signed(fixed, now + offset));
        }
        Fuzz.check("webhook(correctly signed, outside ±300 s)", TRIES, edges, random -> {
            long distance = 301 + (random.nextBoolean() ? random.nextInt(100_000) : Math.floorMod(random.nextLong(), Long.MAX_VALUE / 4));
            return signed(random, now + (random.nextBoolean() ? distance : -distance));
        }, message -> assertRefused(message, now), Message::show);
    }

    /**
     * Timestamps whose distance from now does not fit in a long: the window check must not overflow into
     * accepting them. {@code now + Long.MIN_VALUE} makes {@code now - sentAt} equal {@code Long.MIN_VALUE}.
     */
    @Test
    void givenCorrectlySignedTimestampThatOverflowsTheWindowCheck_verify_refuses() {
        Random fixed = new Random(11);
        for (long sentAt : List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, now + Long.MIN_VALUE, now + Long.MIN_VALUE + 300,
                now + Long.MIN_VALUE - 300, Long.MAX_VALUE, now + Long.MAX_VALUE)) {
            Message message = signed(fixed, sentAt);
            try {
                assertRefused(message, now);
            } catch (AssertionError accepted) {
                throw new AssertionError("timestamp " + sentAt + " (now " + now + ") passed the ±300 s check", accepted);
            }
        }
    }

    @Test
    void givenSignatureOfAnotherSecretOrMessage_verify_refuses() {
        Fuzz.check("webhook(unknown secret, or a signature replayed onto another message)", TRIES, List.of(), random -> {
            Message original = signed(random, now);
            if (random.nextBoolean()) {
                String foreign = unknown.sign(original.id(), now, original.body());
                return new Message(original.id(), original.timestamp(), foreign, original.body());
            }
            byte[] other = Arrays.copyOf(original.body(), original.body().length + 1);
            other[other.length - 1] = (byte) random.nextInt(256);
            return new Message(original.id(), original.timestamp(), original.signatures(), other);
        }, message -> assertRefused(message, now), Message::show);
    }

    // ---------------------------------------------------------------- generators

    Message signed(Random random, long timestamp) {
        String id = random.nextInt(3) == 0 ? "msg_" + base64(random, 12) : text(random, 1 + random.nextInt(40));
        byte[] body = random.nextInt(4) == 0 ? DropBodies.nearValid(random, true).body() : DropBodies.bytes(random);
        WebhookSender signer = random.nextBoolean() ? current : rotated;
        return new Message(id, Long.toString(timestamp), signer.sign(id, timestamp, body), body);
    }

    /** The same message with its body cut to 4 KiB and signed again: exhaustive flips stay cheap. */
    Message small(Message message) {
        if (message.body().length <= 4096) {
            return message;
        }
        byte[] body = Arrays.copyOf(message.body(), 4096);
        long timestamp = Long.parseLong(message.timestamp());
        return new Message(message.id(), message.timestamp(), current.sign(message.id(), timestamp, body), body);
    }

    Message arbitrary(Random random) {
        String id = random.nextInt(10) == 0 ? null : text(random, random.nextInt(60));
        String timestamp = switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> text(random, random.nextInt(25));
            case 2 -> Long.toString(random.nextLong());
            case 3 -> " " + (now + random.nextInt(601) - 300) + "\t";
            default -> Long.toString(now + random.nextInt(601) - 300);
        };
        String signatures = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> text(random, random.nextInt(120));
            case 2 -> "v1," + base64(random, random.nextInt(48));
            case 3 -> String.join(" ", Fuzz.listOf(random, random.nextInt(6), r -> "v1," + base64(r, 32)));
            case 4 -> "v1," + base64(random, 32) + Fuzz.oneOf(random, "=", "==", "\u0000", " ", "!");
            default -> "v1," + base64(random, 32);
        };
        return new Message(id, timestamp, signatures, DropBodies.anyBody(random, true));
    }

    List<Message> edgeCases() {
        byte[] body = "{\"roomId\":\"r1\",\"clientIds\":[]}".getBytes(StandardCharsets.UTF_8);
        String good = current.sign("msg_1", now, body);
        List<Message> edges = new ArrayList<>();
        for (String timestamp : List.of("", " ", "+", "-", "0x10", "1e9", "99999999999999999999", "-9223372036854775808",
                "9223372036854775807", "\u0661\u0667\u0666\u0664", "NaN", Long.toString(now) + ".0")) {
            edges.add(new Message("msg_1", timestamp, good, body));
        }
        for (String signature : List.of("", " ", "v1,", "v1", "v1,=", "v1,====", "V1," + good.substring(3), "v2," + good.substring(3),
                "v1, " + good.substring(3), good.substring(3), "v1," + good.substring(3).replace('+', '-').replace('/', '_'),
                "v1," + good.substring(3, 20), good + "AAAA")) {
            edges.add(new Message("msg_1", Long.toString(now), signature, body));
        }
        edges.add(new Message("", Long.toString(now), current.sign("", now, body), body));
        edges.add(new Message("msg_1", Long.toString(now), good, new byte[0]));
        edges.add(new Message("msg_1", Long.toString(now), good, Arrays.copyOf(body, body.length + 1)));
        return edges;
    }

    private static String text(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            out.append(pick < 7 ? (char) (0x20 + random.nextInt(0x5f)) : (char) random.nextInt(0x3000));
        }
        return out.toString();
    }

    private static String base64(Random random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] out = bytes.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    /** Whether the verifier, which trims the header and splits it on spaces, finds exactly {@code mac} in it. */
    private static boolean carriesMac(String header, byte[] mac) {
        for (String candidate : header.trim().split(" +")) {
            if (candidate.startsWith("v1,") && Arrays.equals(decodeOrNull(candidate.substring(3)), mac)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] decodeOrNull(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Refused with 1003, and nothing else escapes. */
    void assertRefused(Message message, long nowSeconds) {
        try {
            verifier.verify(message.id(), message.timestamp(), message.signatures(), message.body(), nowSeconds);
        } catch (DropuserException refusal) {
            assertThat(refusal.code()).isEqualTo(ResultCode.INVALID_SIGNATURE);
            return;
        }
        throw new AssertionError("accepted: " + message.show());
    }
}
