package dev.dropuser.security;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import dev.dropuser.webhook.WebhookSender;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives every row of {@code src/test/resources/authz-matrix.csv} (role × endpoint × room relation → result) against
 * the running service and the test Redis, then checks that the successes seen are exactly the successes the matrix
 * allows.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixTest {
    static final String MATRIX = "authz-matrix.csv";
    static final String ROOM = "room-a";
    static final String OTHER_ROOM = "room-b";
    static final String DROP = "POST /v1/rooms/{roomId}/drop";
    static final String WEBHOOK = "POST /v1/webhooks/drop";
    static final String CLEANUP = "POST /v1/cleanup";
    static final WebhookSender SENDER = new WebhookSender("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    /** One line of the matrix. */
    record Row(int line, String role, String endpoint, String room, String signature, int result, int http) {
        @Override
        public String toString() {
            return "line " + line + ": " + role + " " + endpoint + " room=" + room + " signature=" + signature
                    + " -> " + result + "/" + http;
        }
    }

    static final List<String> RAN = new CopyOnWriteArrayList<>();
    static final List<String> SUCCEEDED = new CopyOnWriteArrayList<>();

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    RoomFixture fixture;
    PublishedMessages bus;
    FakeSignalingNode node;

    @BeforeEach
    void seed() {
        fixture = new RoomFixture(redis);
        fixture.reset();
        bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
        node = new FakeSignalingNode("sig-1", fixture, bus, vertx, TestRedis.server().url());
        node.join(ROOM, "c1", "u-1", "participant");
        node.join(ROOM, "c2", "u-2", "participant");
        node.join(OTHER_ROOM, "c9", "u-9", "participant");
        fixture.join("room-g", "g1", "dead-node", "sid-g1", "u-g1", "participant");
    }

    @AfterEach
    void tearDown() {
        node.close();
        bus.close();
    }

    static List<Row> rows() {
        try (InputStream in = AuthorizationMatrixTest.class.getClassLoader().getResourceAsStream(MATRIX)) {
            assertThat(in).as(MATRIX + " on the test classpath").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String header = null;
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header == null) {
                    header = line;
                    assertThat(header).isEqualTo("role,endpoint,room,signature,result,http");
                    continue;
                }
                String[] cells = line.split(",", -1);
                assertThat(cells).as("line %d: %s", number, line).hasSize(6);
                rows.add(new Row(number, cells[0].trim(), cells[1].trim(), cells[2].trim(), cells[3].trim(),
                        Integer.parseInt(cells[4].trim()), Integer.parseInt(cells[5].trim())));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Row> matrix() {
        return rows().stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void givenMatrixRow_request_answersTheRowsResult(Row row) {
        Map<String, String> before = fixture.snapshot();

        Response response = send(row);

        int result = response.jsonPath().getInt("result");
        RAN.add(row.toString());
        if (result == 0) {
            SUCCEEDED.add(row.toString());
        }
        response.then().contentType(ContentType.JSON);
        assertThat(result).as(row.toString()).isEqualTo(row.result());
        assertThat(response.statusCode()).as(row.toString()).isEqualTo(row.http());
        assertThat(response.jsonPath().getString("msg")).isNotBlank();
        if (result == 0) {
            assertRealSuccess(row, response);
        } else {
            assertThat(response.jsonPath().getString("error")).isNotBlank();
            assertThat(fixture.snapshot()).as("registry after " + row).isEqualTo(before);
        }
    }

    @Order(2)
    @Test
    void givenWholeMatrix_successes_areExactlyTheRowsThatAllowThem() {
        List<Row> rows = rows();
        List<String> allowed = rows.stream().filter(r -> r.result() == 0).map(Row::toString).toList();
        assertThat(RAN).as("rows driven (run the whole class)").containsExactlyInAnyOrderElementsOf(rows.stream().map(Row::toString).toList());
        assertThat(SUCCEEDED).as("unexpected or missing successes").containsExactlyInAnyOrderElementsOf(allowed);
        assertThat(allowed).as("successes the matrix allows").hasSize(9);
        assertThat(rows).as("rows in the matrix").hasSize(24);
    }

    private Response send(Row row) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        String token = token(row.role(), row.room());
        if (token != null) {
            request.header("Authorization", bearer(token));
        }
        return switch (row.endpoint()) {
            case DROP -> request.body("{\"clientIds\":[\"c1\"]}").post("/v1/rooms/{room}/drop", ROOM);
            case CLEANUP -> request.post("/v1/cleanup");
            case WEBHOOK -> {
                byte[] body = ("{\"roomId\":\"" + ROOM + "\",\"clientIds\":[\"c1\"]}").getBytes(StandardCharsets.UTF_8);
                if (row.signature().equals("signed")) {
                    String id = "msg_" + UUID.randomUUID();
                    long now = System.currentTimeMillis() / 1000;
                    request.header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                            .header("webhook-signature", SENDER.sign(id, now, body));
                } else {
                    assertThat(row.signature()).as(row.toString()).isEqualTo("unsigned");
                }
                yield request.body(body).post("/v1/webhooks/drop");
            }
            default -> throw new AssertionError("unknown endpoint in " + row);
        };
    }

    /** The token a row's role and room relation stand for; null for no token. */
    private static String token(String role, String room) {
        return switch (role + "/" + room) {
            case "moderator-of-this-room/same" -> Tokens.moderator(ROOM, "u-mod");
            case "moderator-of-other-room/other" -> Tokens.moderator(OTHER_ROOM, "u-mod-b");
            case "participant/same" -> Tokens.participant(ROOM, "u-1");
            case "participant/other" -> Tokens.participant(OTHER_ROOM, "u-9");
            case "service/any" -> Tokens.service("svc");
            case "none/-" -> null;
            default -> throw new AssertionError("unknown role/room in the matrix: " + role + "/" + room);
        };
    }

    private void assertRealSuccess(Row row, Response response) {
        if (row.endpoint().equals(CLEANUP)) {
            assertThat(response.jsonPath().getInt("ghostsRemoved")).isEqualTo(1);
            assertThat(fixture.liveEntries("room-g")).isEmpty();
            return;
        }
        assertThat(response.jsonPath().getString("roomId")).isEqualTo(ROOM);
        assertThat(response.jsonPath().getList("clients.clientId")).containsExactly("c1");
        assertThat(response.jsonPath().getList("clients.status")).containsExactly("dropped");
        assertThat(fixture.liveEntries(ROOM)).containsOnlyKeys("c2");
        assertThat(fixture.liveEntries(OTHER_ROOM)).containsOnlyKeys("c9");
    }
}
