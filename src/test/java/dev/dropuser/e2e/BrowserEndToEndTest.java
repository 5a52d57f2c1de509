package dev.dropuser.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.testing.PageServer;
import dev.dropuser.testing.RedisServerProcess;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingNodeProcess;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client (clients/web) in a real browser: Chromium headless (Debian's, else the npm-packaged one, see
 * {@link BrowserScenario}) shows one moderator page and two participant pages, served on loopback from another
 * origin than dropuser's (CORS allowed for that origin only), connected to the reference Socket.IO signaling node. The moderator page runs {@code room.dropUser(...)}, the
 * participant pages listen for {@code room-disconnected}. Screenshots end up in target/browser-e2e/.
 */
@QuarkusTest
@WithTestResource(BrowserEndToEndTest.Pages.class)
class BrowserEndToEndTest {
    static final Duration PATIENCE = Duration.ofSeconds(5);
    static SignalingNodeProcess signaling;

    /** Serves the pages and allows their origin, and only it, to call dropuser from the browser. */
    public static class Pages implements QuarkusTestResourceLifecycleManager {
        static volatile PageServer server;

        @Override
        public Map<String, String> start() {
            server = PageServer.start();
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", server.origin());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    @TestHTTPResource("/")
    URL dropuser;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void startSignalingNode() {
        signaling = SignalingNodeProcess.start("sig-browser-1", TestRedis.server().url(), "classic");
    }

    @AfterAll
    static void stopSignalingNode() {
        signaling.close();
    }

    @Test
    void givenModeratorAndTwoParticipantPages_dropUserOfOne_callbackSeesSuccessAndOnlyThatPageIsDropped() {
        String room = "browser-" + UUID.randomUUID();
        RoomFixture registry = new RoomFixture(redis);

        Map<String, Map<String, String>> live = new HashMap<>();

        BrowserScenario.Outcome outcome = scenario("drop-one", room).run(checkpoint -> {
            if (checkpoint.equals("ready")) {
                awaitLive(registry, room, "mod-1", "alice", "bob");
            }
            live.put(checkpoint, registry.liveEntries(room));
        });

        assertPassed("drop-one", outcome);
        JsonNode drop = outcome.result().path("drop");
        assertThat(drop.path("result").asInt(-1)).isZero();
        assertThat(drop.path("clients").toString()).isEqualTo("[{\"clientId\":\"alice\",\"status\":\"dropped\"}]");
        JsonNode event = outcome.result().path("events").path("alice");
        assertThat(event.path("cause").path("code").asInt()).isEqualTo(4501);
        assertThat(event.path("cause").path("msg").asText()).isEqualTo("disconnected-by-moderator");
        assertThat(event.path("requestId").asText()).isEqualTo(drop.path("requestId").asText());
        assertThat(live.get("dropped")).as("live entries while the pages are open").containsOnlyKeys("mod-1", "bob");
        assertThat(registry.dropping(room)).isEmpty();
        assertScreenshots("drop-one", "moderator", "alice", "bob");
    }

    @Test
    void givenModeratorAndTwoParticipantPages_dropUserOfEveryone_dropsBothAndKeepsTheModerator() {
        String room = "browser-" + UUID.randomUUID();
        RoomFixture registry = new RoomFixture(redis);

        Map<String, Map<String, String>> live = new HashMap<>();

        BrowserScenario.Outcome outcome = scenario("drop-everyone", room).run(checkpoint -> {
            if (checkpoint.equals("ready")) {
                awaitLive(registry, room, "mod-1", "alice", "bob");
            }
            live.put(checkpoint, registry.liveEntries(room));
        });

        assertPassed("drop-everyone", outcome);
        JsonNode result = outcome.result();
        assertThat(result.path("drop").path("result").asInt(-1)).isZero();
        assertThat(result.path("drop").path("clients").findValuesAsText("clientId")).containsExactlyInAnyOrder("alice", "bob");
        for (String participant : List.of("alice", "bob")) {
            assertThat(result.path("events").path(participant).path("cause").path("msg").asText())
                    .isEqualTo("disconnected-by-moderator");
        }
        assertThat(live.get("dropped")).as("live entries while the pages are open").containsOnlyKeys("mod-1");
        assertScreenshots("drop-everyone", "moderator", "alice", "bob");
    }

    @Test
    void givenUnreachableServiceHtmlAnswerBadTokenOrForeignOrigin_dropUser_callsBackWithNonZeroResult() {
        String room = "browser-" + UUID.randomUUID();

        BrowserScenario.Outcome outcome = scenario("bad-input", room).run(checkpoint -> {
        });

        assertPassed("bad-input", outcome);
        JsonNode answers = outcome.result();
        assertThat(answers.path("unreachable").path("result").asInt()).isEqualTo(-1);
        assertThat(answers.path("not-json").path("result").asInt()).isEqualTo(-2);
        assertThat(answers.path("bad-token").path("result").asInt()).isEqualTo(1001);
        assertThat(answers.path("bad-token").path("msg").asText()).isEqualTo("Invalid Token");
        assertThat(answers.path("other-origin").path("result").asInt()).isEqualTo(-1);
        assertScreenshots("bad-input", "unreachable", "not-json", "bad-token", "other-origin");
    }

    @Test
    void givenBannedUserPage_moderatorLiftsTheBan_theSamePageJoinsAgain() {
        String room = "browser-" + UUID.randomUUID();
        RoomFixture registry = new RoomFixture(redis);

        Map<String, Map<String, String>> live = new HashMap<>();

        BrowserScenario.Outcome outcome = scenario("lift-ban", room).run(checkpoint -> {
            if (checkpoint.equals("ready")) {
                awaitLive(registry, room, "mod-1", "alice", "bob");
            }
            if (checkpoint.equals("rejoined")) {
                awaitLive(registry, room, "mod-1", "alice", "bob");
            }
            live.put(checkpoint, registry.liveEntries(room));
        });

        assertPassed("lift-ban", outcome);
        JsonNode result = outcome.result();
        assertThat(result.path("ban").path("clients").path(0).path("userRef").asText()).isEqualTo("u-alice");
        assertThat(result.path("lift").path("lifted").asBoolean()).isTrue();
        assertThat(result.path("history").path("drops").findValuesAsText("trigger")).containsExactly("api", "unban");
        assertThat(live.get("rejoined")).as("alice is back while the pages are open").containsKey("alice");
        assertThat(registry.bans(room)).isEmpty();
        assertScreenshots("lift-ban", "moderator", "alice", "bob", "records");
    }

    private BrowserScenario scenario(String name, String room) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PAGES_URL", Pages.server.origin());
        environment.put("API_URL", dropuser.toString());
        environment.put("SIGNALING_URL", signaling.url());
        environment.put("ROOM", room);
        environment.put("MODERATOR_TOKEN", Tokens.moderator(room, "u-mod"));
        environment.put("JOIN_TOKENS", joinTokens(room));
        environment.put("UNREACHABLE_URL", "http://127.0.0.1:" + RedisServerProcess.freePort());
        return new BrowserScenario(name, environment);
    }

    /** The tokens the pages join the signaling node with (its userRef is their sub), as JSON userRef → JWT. */
    private static String joinTokens(String room) {
        try {
            return new ObjectMapper().writeValueAsString(Map.of(
                    "u-mod", Tokens.moderator(room, "u-mod"),
                    "u-alice", Tokens.participant(room, "u-alice"),
                    "u-bob", Tokens.participant(room, "u-bob")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLive(RoomFixture registry, String room, String... clientIds) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!registry.liveEntries(room).keySet().containsAll(List.of(clientIds)) && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertThat(registry.liveEntries(room)).as("registered by the signaling node").containsOnlyKeys(clientIds);
    }

    private static void assertPassed(String scenario, BrowserScenario.Outcome outcome) {
        assertThat(outcome.passed(scenario))
                .as("browser script, exit code %d, output:%n%s", outcome.exitCode(), String.join("\n", outcome.output()))
                .isTrue();
    }

    private static void assertScreenshots(String scenario, String... pages) {
        for (String page : pages) {
            assertThat(BrowserScenario.SCREENSHOTS.resolve(scenario).resolve(page + ".png"))
                    .as("screenshot of %s", page).satisfies(file -> assertThat(Files.size(file)).isPositive());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
