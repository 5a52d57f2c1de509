package dev.dropuser.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signing, with the spec's own test vector (CONTRACT appendix). */
class WebhookSignatureTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OTHER = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long AT = 1614265330;
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String VECTOR = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    final WebhookSignature signature = new WebhookSignature(List.of(SECRET));

    @Test
    void givenSpecVector_testSender_producesTheSpecSignature() {
        assertThat(new WebhookSender(SECRET).sign(ID, AT, BODY)).isEqualTo(VECTOR);
    }

    @Test
    void givenSpecVectorAtItsTime_verify_accepts() {
        assertThatCode(() -> signature.verify(ID, String.valueOf(AT), VECTOR, BODY, AT)).doesNotThrowAnyException();
    }

    @Test
    void givenSeveralSignaturesOneValid_verify_accepts() {
        assertThatCode(() -> signature.verify(ID, String.valueOf(AT), "v1,AAAA v2,whatever " + VECTOR, BODY, AT + 299))
                .doesNotThrowAnyException();
    }

    @Test
    void givenRotatedSecrets_verify_acceptsEither() {
        WebhookSignature rotating = new WebhookSignature(List.of(OTHER, SECRET));
        assertThatCode(() -> rotating.verify(ID, String.valueOf(AT), VECTOR, BODY, AT)).doesNotThrowAnyException();
    }

    @Test
    void givenTamperedBody_verify_refuses() {
        assertRefused(() -> signature.verify(ID, String.valueOf(AT), VECTOR, "{\"test\": 2432232315}".getBytes(), AT));
    }

    @Test
    void givenOtherId_verify_refuses() {
        assertRefused(() -> signature.verify("msg_other", String.valueOf(AT), VECTOR, BODY, AT));
    }

    @Test
    void givenWrongSecret_verify_refuses() {
        assertRefused(() -> new WebhookSignature(List.of(OTHER)).verify(ID, String.valueOf(AT), VECTOR, BODY, AT));
    }

    @Test
    void givenTimestampOutsideWindow_verify_refusesBothWays() {
        assertRefused(() -> signature.verify(ID, String.valueOf(AT), VECTOR, BODY, AT + 301));
        assertRefused(() -> signature.verify(ID, String.valueOf(AT), VECTOR, BODY, AT - 301));
    }

    @Test
    void givenMissingOrMalformedHeaders_verify_refuses() {
        assertRefused(() -> signature.verify(null, String.valueOf(AT), VECTOR, BODY, AT));
        assertRefused(() -> signature.verify(ID, null, VECTOR, BODY, AT));
        assertRefused(() -> signature.verify(ID, String.valueOf(AT), null, BODY, AT));
        assertRefused(() -> signature.verify(ID, "yesterday", VECTOR, BODY, AT));
        assertRefused(() -> signature.verify(ID, String.valueOf(AT), "v1,not base64!", BODY, AT));
        assertRefused(() -> signature.verify(ID, String.valueOf(AT), VECTOR.replace("v1,", "v2,"), BODY, AT));
    }

    @Test
    void givenNoSecrets_verify_refusesEverything() {
        assertRefused(() -> new WebhookSignature(List.of()).verify(ID, String.valueOf(AT), VECTOR, BODY, AT));
    }

    @Test
    void givenSecretWithoutPrefix_construction_fails() {
        assertThatThrownBy(() -> new WebhookSignature(List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenMalformedSecret_construction_failsNamingTheSettingAndPositionButNotTheSecret() {
        String badBase64 = "whsec_not*base64*at*all";

        assertThatThrownBy(() -> new WebhookSignature(List.of(SECRET, badBase64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DROPUSER_WEBHOOK_SECRETS")
                .hasMessageContaining("secret 2 of 2")
                .hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> new WebhookSignature(List.of("whsec_c2hvcnQ=")))
                .hasMessageContaining("secret 1 of 1").hasMessageContaining("16 bytes");
    }

    /**
     * A malformed DROPUSER_WEBHOOK_SECRETS must stop the service at startup, not answer 500 on the first webhook:
     * the bean is built eagerly (@Startup on its producer), so the constructor's refusal above fails the boot.
     */
    @Test
    void webhookSignatureBean_isBuiltAtStartup() throws Exception {
        Class<?> wiring = Class.forName("dev.dropuser.Wiring");
        java.lang.reflect.Method producer = java.util.Arrays.stream(wiring.getDeclaredMethods())
                .filter(method -> method.getReturnType() == WebhookSignature.class).findFirst().orElseThrow();

        assertThat(producer.isAnnotationPresent(io.quarkus.runtime.Startup.class)).isTrue();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(DropuserException.class)
                .extracting(e -> ((DropuserException) e).code()).isEqualTo(ResultCode.INVALID_SIGNATURE);
    }
}
