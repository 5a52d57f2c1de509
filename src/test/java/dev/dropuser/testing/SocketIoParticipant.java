package dev.dropuser.testing;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Socket.IO client (io.socket:socket.io-client) in a room, recording what happens to it in order.
 * Like a well-behaved client (CONTRACT §5), it never reconnects after {@code room-disconnected}.
 */
public final class SocketIoParticipant implements AutoCloseable {
    private final String clientId;
    private final Socket socket;
    /** "connect", "room-disconnected", "disconnect:<reason>", "connect_error:<message>" in arrival order. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private volatile JsonNode disconnectPayload;

    private SocketIoParticipant(String clientId, Socket socket) {
        this.clientId = clientId;
        this.socket = socket;
    }

    /** Joins with a token the issuer minted for {@code userRef} as {@code sub}, in {@code role}'s group. */
    public static SocketIoParticipant join(String nodeUrl, String roomId, String clientId, String userRef, String role) {
        String token = "moderator".equals(role) ? Tokens.moderator(roomId, userRef) : Tokens.participant(roomId, userRef);
        return join(nodeUrl, roomId, clientId, userRef, role, token);
    }

    /** Joins with {@code token} as given: the node takes the userRef from its {@code sub}, the role from its groups. */
    public static SocketIoParticipant join(String nodeUrl, String roomId, String clientId, String userRef, String role,
            String token) {
        IO.Options options = IO.Options.builder()
                .setTransports(new String[] {io.socket.engineio.client.transports.WebSocket.NAME})
                .setAuth(Map.of("token", token, "roomId", roomId, "clientId", clientId, "userRef", userRef, "role", role))
                .setReconnection(true)
                .setReconnectionDelay(100)
                .build();
        Socket socket = IO.socket(URI.create(nodeUrl), options);
        SocketIoParticipant participant = new SocketIoParticipant(clientId, socket);
        socket.on(Socket.EVENT_CONNECT, args -> participant.events.add("connect"));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> participant.events.add("connect_error:" + message(args)));
        socket.on(Socket.EVENT_DISCONNECT, args -> participant.events.add("disconnect:" + message(args)));
        socket.on("room-disconnected", args -> {
            participant.disconnectPayload = parse(String.valueOf(args[0]));
            participant.events.add("room-disconnected");
            socket.io().reconnection(false);
        });
        socket.connect();
        return participant;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("payload is not JSON: " + json, e);
        }
    }

    private static String message(Object[] args) {
        if (args.length == 0) {
            return "";
        }
        if (args[0] instanceof org.json.JSONObject error) {
            return error.optString("message");
        }
        return args[0] instanceof Exception e ? e.getMessage() : String.valueOf(args[0]);
    }

    public String clientId() {
        return clientId;
    }

    public String socketId() {
        return socket.id();
    }

    public boolean connected() {
        return socket.connected();
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    /** The {@code room-disconnected} payload as received. */
    public JsonNode disconnectPayload() {
        return disconnectPayload;
    }

    /** Waits until the recorded events satisfy {@code condition}; returns whether they did in time. */
    public boolean await(Predicate<List<String>> condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(events())) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.test(events());
    }

    @Override
    public void close() {
        socket.io().reconnection(false);
        socket.disconnect();
        socket.close();
    }
}
