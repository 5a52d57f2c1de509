package dev.dropuser.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the API port answers before an endpoint runs (CONTRACT §3, §12; issue 14 items 4 and 5): always the
 * contract's JSON with {@code Content-Type: application/json}, and no body read for a request without a
 * well-formed token. Raw sockets, so that the bytes reach the server exactly as written here.
 */
@QuarkusTest
class HttpEdgeTest {
    static final String ROOM = "edge";
    static final String DROP = "/v1/rooms/" + ROOM + "/drop";

    @Inject
    RedisDataSource redis;

    RoomFixture fixture;
    Map<String, String> before;

    @BeforeEach
    void seed() {
        fixture = new RoomFixture(redis);
        fixture.reset();
        fixture.heartbeat("sig-1");
        fixture.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        before = fixture.snapshot();
    }

    static String head(String path, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    static String bearer() {
        return "Authorization: Bearer " + Tokens.moderator(ROOM, "u-mod");
    }

    static void assertContractJson(RawHttp.Reply reply, int status, int result) {
        assertThat(reply.status()).as("HTTP status; body %s", reply.text()).isEqualTo(status);
        assertThat(reply.headers().get("content-type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("result").asInt()).isEqualTo(result);
        assertThat(body.get("msg").asText()).isNotBlank();
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("requestId").asText()).isNotBlank();
    }

    @Test
    void givenChunkedBodyOver64KiB_drop_answers413WithPayloadTooLargeJson() {
        byte[] piece = new byte[16 * 1024];
        Arrays.fill(piece, (byte) ' ');
        byte[][] body = new byte[6][];
        for (int i = 0; i < 5; i++) {
            body[i] = RawHttp.chunk(piece);
        }
        body[5] = RawHttp.LAST_CHUNK;

        RawHttp.Reply reply = RawHttp.exchange(RestAssured.port, head(DROP, bearer(), "Content-Type: application/json",
                "Transfer-Encoding: chunked"), body);

        assertContractJson(reply, 413, 1005);
        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    @Test
    void givenChunkedBodyUnder64KiB_drop_isRead() {
        byte[] json = "{\"clientIds\":[\"c1\"]}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Reply reply = RawHttp.exchange(RestAssured.port, head(DROP, bearer(), "Content-Type: application/json",
                "Transfer-Encoding: chunked", "Connection: close"), RawHttp.chunk(json), RawHttp.LAST_CHUNK);

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().at("/clients/0/clientId").asText()).isEqualTo("c1");
    }

    @Test
    void givenHeaderSectionOver20KiB_drop_answers431WithContractJson() {
        RawHttp.Reply reply = RawHttp.exchange(RestAssured.port, head(DROP, bearer(), "X-Padding: " + "p".repeat(21 * 1024),
                "Content-Length: 0", "Connection: close"));

        assertContractJson(reply, 431, 1002);
        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    /** The body is announced and never sent: only an answer that does not wait for it arrives within the read timeout. */
    @Test
    void givenNoAuthorization_drop_isRefusedBeforeTheBodyIsRead() {
        RawHttp.Reply reply = RawHttp.exchange(RestAssured.port, head(DROP, "Content-Type: application/json",
                "Content-Length: 60000"));

        assertContractJson(reply, 401, 1001);
    }

    @Test
    void givenMalformedAuthorization_dropAndCleanup_areRefusedBeforeTheBodyIsRead() {
        for (String authorization : new String[] {"Authorization: Bearer not-a-jws", "Authorization: Basic dTpw",
                "Authorization: Bearer a.b.c.d", "Authorization: Bearer "}) {
            for (String path : new String[] {DROP, "/v1/cleanup"}) {
                RawHttp.Reply reply = RawHttp.exchange(RestAssured.port, head(path, authorization,
                        "Content-Type: application/json", "Content-Length: 60000"));

                assertContractJson(reply, 401, 1001);
            }
        }
    }

    /** A well-formed token is not refused early: the endpoint still checks it, after the body. */
    @Test
    void givenWellFormedButForgedToken_drop_isRefusedByTheEndpoint() {
        String forged = Tokens.moderator(ROOM, "u-mod") + "x";
        byte[] json = "{\"clientIds\":[\"c1\"]}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Reply reply = RawHttp.exchange(RestAssured.port, head(DROP, "Authorization: Bearer " + forged,
                "Content-Type: application/json", "Content-Length: " + json.length, "Connection: close"), json);

        assertContractJson(reply, 401, 1001);
        assertThat(fixture.snapshot()).isEqualTo(before);
    }
}
