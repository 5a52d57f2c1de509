package dev.dropuser.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Coverage-guided fuzzing of the webhook verifier with Jazzer (CONTRACT §7): a delivery (id, timestamp, signature
 * header, body; each fuzzed, the header sometimes carrying a real signature of one of the configured secrets, of an
 * unknown secret, or of the same with one bit flipped, among fuzzed decoys) is accepted <em>exactly</em> when the
 * header carries the v1 MAC that {@link WebhookSender#sign} produces for that id, timestamp and body with a
 * configured secret, the id is not empty and the timestamp is canonical unix seconds within ±300 s. The only
 * exception that ever escapes is {@code DropuserException} 1003.
 *
 * <p>Under {@code ./mvnw test} this runs in Jazzer's regression mode on the empty input and on the seed files in
 * {@code src/test/resources/dev/dropuser/webhook/WebhookSignatureFuzzTestInputs/givenFuzzedDelivery_verify_acceptsExactlyTheSignatureSignProduces/},
 * kept from a fuzzing campaign: three accepted deliveries (both configured secrets) and refused ones (unknown secret,
 * one MAC bit flipped, empty id, out of the window, missing or non-numeric timestamp, empty header). They are raw
 * {@link FuzzedDataProvider} bytes, so their meaning follows the order of the {@code consume} calls below: change
 * that order and they become other (still valid) inputs. {@code JAZZER_FUZZ=1} fuzzes it instead (docs/SECURITY.md).
 */
class WebhookSignatureFuzzTest {
    static final String CURRENT = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ROTATED = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";
    static final String UNKNOWN = "whsec_dW5rbm93bi1zZWNyZXQtdmFsdWUtMTIzNA==";
    static final long NOW = 1_764_230_400L;
    static final WebhookSignature VERIFIER = new WebhookSignature(List.of(CURRENT, ROTATED));
    static final List<WebhookSender> CONFIGURED = List.of(new WebhookSender(CURRENT), new WebhookSender(ROTATED));
    static final WebhookSender FOREIGN = new WebhookSender(UNKNOWN);
    static final String[] PADDING = {"", " ", "\t", "  ", "\u0000", " \r\n"};

    @FuzzTest(maxDuration = "2m")
    void givenFuzzedDelivery_verify_acceptsExactlyTheSignatureSignProduces(FuzzedDataProvider data) {
        String id = data.consumeInt(0, 15) == 0 ? null : data.consumeString(80);
        String timestamp = switch (data.consumeInt(0, 4)) {
            case 0 -> null;
            case 1 -> data.consumeString(30);
            case 2 -> Long.toString(data.consumeLong());
            case 3 -> data.pickValue(PADDING) + (NOW + data.consumeLong(-400, 400)) + data.pickValue(PADDING);
            default -> Long.toString(NOW + data.consumeLong(-400, 400));
        };
        int signatureMode = data.consumeInt(0, 5);
        int signer = data.consumeInt(0, 2);
        int flippedBit = data.consumeInt(-1, 255);
        String before = data.consumeBoolean() ? "" : data.consumeString(100);
        String after = data.consumeBoolean() ? "" : data.consumeString(100);
        String raw = data.consumeString(120);
        byte[] body = data.consumeRemainingAsBytes();

        Long sentAt = parse(timestamp);
        String signatures = switch (signatureMode) {
            case 0 -> null;
            case 1 -> raw;
            case 2 -> "v1," + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.ISO_8859_1));
            default -> {
                if (id == null || sentAt == null) {
                    yield before + raw + after;
                }
                WebhookSender key = signer == 2 ? FOREIGN : CONFIGURED.get(signer);
                byte[] mac = macOf(key.sign(id, sentAt, body));
                if (signatureMode == 4 && flippedBit >= 0) {
                    mac[flippedBit / 8] ^= (byte) (1 << (flippedBit % 8));
                }
                yield before + " v1," + Base64.getEncoder().encodeToString(mac) + " " + after;
            }
        };

        boolean accepted;
        try {
            VERIFIER.verify(id, timestamp, signatures, body, NOW);
            accepted = true;
        } catch (DropuserException refusal) {
            assertThat(refusal.code()).as("refusal code").isEqualTo(ResultCode.INVALID_SIGNATURE);
            accepted = false;
        }
        boolean correctlySigned = id != null && !id.isEmpty() && sentAt != null
                && timestamp.trim().equals(Long.toString(sentAt))
                && sentAt >= NOW - 300 && sentAt <= NOW + 300
                && carriesMacOfSign(signatures, id, sentAt, body);
        if (accepted != correctlySigned) {
            throw new AssertionError((accepted ? "accepted a delivery not signed as sign() signs it"
                    : "refused a correctly signed delivery") + ": id=" + show(id) + " timestamp=" + show(timestamp)
                    + " signature=" + show(signatures) + " body=" + body.length + " bytes");
        }
    }

    /** Whether some {@code v1,} candidate of the header (split as the contract says) decodes to sign()'s MAC. */
    private static boolean carriesMacOfSign(String header, String id, long sentAt, byte[] body) {
        if (header == null) {
            return false;
        }
        for (WebhookSender key : CONFIGURED) {
            byte[] expected = macOf(key.sign(id, sentAt, body));
            for (String candidate : header.trim().split(" +")) {
                if (candidate.startsWith("v1,") && Arrays.equals(expected, decodeOrNull(candidate.substring(3)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] macOf(String signature) {
        assertThat(signature).startsWith("v1,");
        return Base64.getDecoder().decode(signature.substring(3));
    }

    private static Long parse(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] decodeOrNull(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String show(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return '"' + shown.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }
}
