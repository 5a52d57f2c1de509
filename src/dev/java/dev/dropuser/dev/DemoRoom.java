package dev.dropuser.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.DropuserConfig;
import dev.dropuser.registry.RegistryKeys;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.msgpack.core.MessagePack;

/**
 * The local demo (dev mode only): seeds room {@code demo} on a pretend signaling node that logs what dropuser
 * publishes and disconnects whom it is told to, then prints a ready-to-paste curl with a moderator token.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DemoRoom {
    private static final Logger LOG = Logger.getLogger(DemoRoom.class);
    static final String ROOM = "demo";
    static final String NODE = "demo-node";
    static final String MODERATOR = "u-mod";
    /** clientId → {socket id, userRef, role} */
    private static final Map<String, String[]> SEATS = Map.of(
            "mod-1", new String[] {"sid-mod-1", MODERATOR, "moderator"},
            "alice", new String[] {"sid-alice", "u-alice", "participant"},
            "bob", new String[] {"sid-bob", "u-bob", "participant"},
            "carol", new String[] {"sid-carol", "u-carol", "participant"});

    private final ObjectMapper json = new ObjectMapper();
    private final DropuserConfig config;
    /** {@code dropuser.demo.enabled}, a dev-only switch: {@code DROPUSER_DEMO_ENABLED=false} runs dev mode without the demo. */
    private final boolean enabled;
    private final RegistryKeys keys;
    private final Vertx vertx;
    private final String redisUrl;
    private final int httpPort;
    private final String issuer;
    private final String audience;

    DemoRoom(DropuserConfig config, RegistryKeys keys, Vertx vertx,
            @ConfigProperty(name = "quarkus.redis.hosts") String redisUrl,
            @ConfigProperty(name = "quarkus.http.port") int httpPort,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") String audience,
            @ConfigProperty(name = "dropuser.demo.enabled", defaultValue = "true") boolean enabled) {
        this.config = config;
        this.enabled = enabled;
        this.keys = keys;
        this.vertx = vertx;
        this.redisUrl = redisUrl;
        this.httpPort = httpPort;
        this.issuer = issuer;
        this.audience = audience;
    }

    void start(@Observes StartupEvent event) {
        if (!this.enabled) {
            return;
        }
        Redis redis = Redis.createClient(vertx, redisUrl);
        seed(redis);
        vertx.setPeriodic(5_000, id -> heartbeat(redis));
        redis.connect().onSuccess(this::listen).onFailure(e -> LOG.error("demo node cannot subscribe", e));
        LOG.infof("%n%n  dropuser demo: room \"%s\" has mod-1 (moderator %s), alice, bob and carol on node %s,"
                + " in an embedded Redis at %s.%n  Drop bob as the moderator (token valid 12 h):%n%n"
                + "curl -s -X POST http://localhost:%d/v1/rooms/%s/drop \\%n"
                + "  -H 'Authorization: Bearer %s' \\%n"
                + "  -H 'Content-Type: application/json' -d '{\"clientIds\":[\"bob\"],\"reason\":\"demo\"}'%n%n"
                + "  Restart dev mode (press s) to seat everyone again.%n",
                ROOM, MODERATOR, NODE, redisUrl, httpPort, ROOM, moderatorToken());
    }

    private void seed(Redis redis) {
        heartbeat(redis);
        Request seat = Request.cmd(Command.HSET).arg(keys.live(ROOM));
        SEATS.forEach((clientId, s) -> seat.arg(clientId).arg("{\"node\":\"" + NODE + "\",\"sid\":\"" + s[0]
                + "\",\"userRef\":\"" + s[1] + "\",\"role\":\"" + s[2] + "\",\"joinedAt\":" + System.currentTimeMillis() + "}"));
        redis.send(Request.cmd(Command.DEL).arg(keys.live(ROOM)).arg(keys.dropping(ROOM)).arg(keys.bans(ROOM)))
                .compose(ignored -> redis.send(seat))
                .onFailure(e -> LOG.error("demo room not seeded", e));
    }

    private void heartbeat(Redis redis) {
        redis.send(Request.cmd(Command.SET).arg(keys.node(NODE)).arg("demo").arg("EX").arg(15));
    }

    private void listen(RedisConnection subscriber) {
        Redis commands = Redis.createClient(vertx, redisUrl);
        subscriber.handler(push -> onMessage(push, commands));
        subscriber.send(Request.cmd(Command.PSUBSCRIBE).arg(config.signaling().socketio().key() + "*")
                .arg(config.keyPrefix() + "signal:*"));
    }

    private void onMessage(Response push, Redis commands) {
        if (push.size() != 4 || !"pmessage".equals(push.get(0).toString())) {
            return;
        }
        String channel = push.get(2).toString();
        byte[] payload = push.get(3).toBytes();
        try {
            boolean msgpack = payload.length > 0 && payload[0] != '{';
            String shown = msgpack ? MessagePack.newDefaultUnpacker(payload).unpackValue().toJson() : new String(payload);
            LOG.infof("demo node received on %s%s: %s", channel, msgpack ? " (MessagePack)" : "", shown);
            if (!msgpack) {
                for (String clientId : disconnectedBy(json.readTree(payload))) {
                    commands.send(Request.cmd(Command.HDEL).arg(keys.live(ROOM)).arg(clientId));
                    LOG.infof("demo node disconnected %s and removed its live entry", clientId);
                }
            }
        } catch (IOException e) {
            LOG.warnf("demo node could not read a message on %s", channel);
        }
    }

    /** The demo clients a signaling message asks to disconnect. */
    private static Set<String> disconnectedBy(JsonNode message) {
        Set<String> clientIds = new java.util.TreeSet<>();
        message.path("clientIds").forEach(id -> clientIds.add(id.asText()));
        message.path("opts").path("rooms").forEach(sid -> SEATS.forEach((clientId, seat) -> {
            if (seat[0].equals(sid.asText())) {
                clientIds.add(clientId);
            }
        }));
        return clientIds;
    }

    private String moderatorToken() {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer(issuer).audience(audience).subject(MODERATOR).groups("moderator").claim("room", ROOM)
                .issuedAt(now).expiresAt(now + Duration.ofHours(12).toSeconds())
                .sign(DemoEnvironment.privateKey());
    }
}
