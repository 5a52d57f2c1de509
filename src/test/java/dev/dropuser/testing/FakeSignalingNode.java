package dev.dropuser.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-JVM stand-in for a signaling node: it registers clients, keeps a heartbeat, and removes a client's
 * live entry when dropuser asks for its disconnect (socketio request or json message). The real node,
 * examples/socketio-signaling, is exercised by the end-to-end tests.
 */
public final class FakeSignalingNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String nodeId;
    private final RoomFixture fixture;
    private final Redis client;
    /** sid → {room, clientId} */
    private final Map<String, String[]> sockets = new ConcurrentHashMap<>();

    public FakeSignalingNode(String nodeId, RoomFixture fixture, PublishedMessages bus, Vertx vertx, String redisUrl) {
        this(nodeId, fixture, bus, Redis.createClient(vertx, redisUrl));
    }

    /** With {@code commands} for its registry writes, e.g. a cluster client. */
    public FakeSignalingNode(String nodeId, RoomFixture fixture, PublishedMessages bus, Redis commands) {
        this.nodeId = nodeId;
        this.fixture = fixture;
        this.client = commands;
        fixture.heartbeat(nodeId);
        bus.onMessage(this::onMessage);
    }

    /** Registers a client on this node and returns its socket id. */
    public String join(String room, String clientId, String userRef, String role) {
        String sid = nodeId + "-" + clientId;
        sockets.put(sid, new String[] {room, clientId});
        fixture.join(room, clientId, nodeId, sid, userRef, role);
        return sid;
    }

    private void onMessage(PublishedMessages.Message message) {
        try {
            if (message.channel().equals("socket.io-request#/#")) {
                JsonNode request = JSON.readTree(message.payload());
                if (request.path("type").asInt() == 4) {
                    request.path("opts").path("rooms").forEach(sid -> leave(sid.asText()));
                }
            } else if (message.channel().equals("dropuser:signal:" + nodeId)) {
                JsonNode drop = JSON.readTree(message.payload());
                String room = drop.path("roomId").asText();
                drop.path("clientIds").forEach(id -> client.send(
                        Request.cmd(Command.HDEL).arg(RoomFixture.live(room)).arg(id.asText())));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void leave(String sid) {
        String[] socket = sockets.remove(sid);
        if (socket != null) {
            client.send(Request.cmd(Command.HDEL).arg(RoomFixture.live(socket[0])).arg(socket[1]));
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
