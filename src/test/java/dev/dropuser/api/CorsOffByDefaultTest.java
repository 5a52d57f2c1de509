package dev.dropuser.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Without configuration, CORS is off: no browser page of another origin may read dropuser's answers. */
@QuarkusTest
class CorsOffByDefaultTest {
    static final String ORIGIN = "https://meet.example.com";

    @Test
    void givenDefaultConfiguration_preflight_allowsNoOrigin() {
        Response response = given().header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/v1/rooms/r1/drop");

        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        assertThat(response.header("Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void givenDefaultConfiguration_dropFromAnotherOrigin_hasNoCorsHeaders() {
        Response response = given().header("Origin", ORIGIN).contentType(ContentType.JSON).body("{\"clientIds\":[]}")
                .when().post("/v1/rooms/r1/drop");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
    }
}
