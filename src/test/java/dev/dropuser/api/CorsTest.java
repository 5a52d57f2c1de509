package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CORS turned on for one origin (quarkus.http.cors.*): a browser page of that origin may call the drop API and
 * read every answer, errors included; a page of any other origin may not.
 */
@QuarkusTest
@TestProfile(CorsTest.OneAllowedOrigin.class)
class CorsTest {
    static final String ALLOWED = "https://meet.example.com";
    static final String REFUSED = "https://evil.example.net";
    static final String ROOM = "cors-room";

    public static class OneAllowedOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", ALLOWED);
        }
    }

    @Inject
    RedisDataSource redis;

    RoomFixture registry;

    @BeforeEach
    void seed() {
        registry = new RoomFixture(redis);
        registry.reset();
        registry.heartbeat("sig-1");
        registry.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
    }

    static Response preflight(String origin) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/v1/rooms/{room}/drop", ROOM);
    }

    static Response drop(String origin, String authorization, String body) {
        var request = given().header("Origin", origin).contentType(ContentType.JSON).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post("/v1/rooms/{room}/drop", ROOM);
    }

    @Test
    void givenAllowedOrigin_preflight_allowsPostWithTokenAndJson() {
        Response response = preflight(ALLOWED);

        response.then().statusCode(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(list(response.header("Access-Control-Allow-Methods"))).contains("post");
        assertThat(list(response.header("Access-Control-Allow-Headers")))
                .contains("authorization", "content-type");
    }

    @Test
    void givenAllowedOrigin_preflightOfTheModerationCalls_allowsGetAndDelete() {
        for (String method : new String[] {"GET", "DELETE"}) {
            Response response = given().header("Origin", ALLOWED).header("Access-Control-Request-Method", method)
                    .header("Access-Control-Request-Headers", "authorization")
                    .when().options("/v1/rooms/{room}/bans", ROOM);

            response.then().statusCode(200);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
            assertThat(list(response.header("Access-Control-Allow-Methods"))).contains(method.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void givenAllowedOrigin_drop_answersWithCorsHeadersTheBrowserCanRead() {
        Response response = drop(ALLOWED, bearer(Tokens.moderator(ROOM, "u-mod")), "{\"clientIds\":[\"c1\"]}");

        response.then().statusCode(200);
        assertThat(response.jsonPath().getInt("result")).isZero();
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(list(response.header("Access-Control-Expose-Headers"))).contains("retry-after", "idempotent-replayed");
    }

    @Test
    void givenAllowedOrigin_dropWithoutToken_answers1001WithCorsHeaders() {
        Response response = drop(ALLOWED, null, "{\"clientIds\":[\"c1\"]}");

        response.then().statusCode(401);
        assertThat(response.jsonPath().getInt("result")).isEqualTo(1001);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(registry.liveEntries(ROOM)).containsOnlyKeys("c1");
    }

    @Test
    void givenAllowedOrigin_bodyOver64KiB_answers1005WithCorsHeaders() {
        String body = "{\"clientIds\":[\"" + "x".repeat(70_000) + "\"]}";

        Response response = drop(ALLOWED, bearer(Tokens.moderator(ROOM, "u-mod")), body);

        response.then().statusCode(413);
        assertThat(response.jsonPath().getInt("result")).isEqualTo(1005);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    }

    @Test
    void givenRefusedOrigin_preflight_isNotAllowed() {
        Response response = preflight(REFUSED);

        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void givenRefusedOrigin_dropWithValidToken_isRefusedAndDropsNobody() {
        Response response = drop(REFUSED, bearer(Tokens.moderator(ROOM, "u-mod")), "{\"clientIds\":[\"c1\"]}");

        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(registry.liveEntries(ROOM)).containsOnlyKeys("c1");
        assertThat(registry.dropping(ROOM)).isEmpty();
    }

    private static java.util.List<String> list(String header) {
        return header == null ? java.util.List.of()
                : Arrays.stream(header.split(",")).map(String::trim).map(String::toLowerCase).toList();
    }
}
