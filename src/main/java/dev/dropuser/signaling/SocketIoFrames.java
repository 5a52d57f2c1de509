package dev.dropuser.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import static dev.dropuser.signaling.Encoding.hole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Socket.IO Redis adapters understand (CONTRACT §6): an event broadcast to the room named after
 * the socket id, then a request to disconnect that socket. The classic adapter takes a MessagePack frame
 * and a JSON request on two channels; the sharded and streams adapters (both built on socket.io's cluster
 * adapter) take an envelope {@code {uid, nsp, type, data}} with type 3 (broadcast) or 6 (disconnect
 * sockets). The uid {@code "emitter"} keeps every adapter from taking dropuser for one of its nodes.
 */
public final class SocketIoFrames {
    static final String EMITTER_UID = "emitter";
    /** socket.io-parser {@code PacketType.EVENT}. */
    static final int EVENT_PACKET = 2;
    /** Classic {@code @socket.io/redis-adapter} {@code RequestType.DISCONNECT_SOCKETS}. */
    static final int DISCONNECT_SOCKETS = 4;
    /** socket.io-adapter cluster {@code MessageType.BROADCAST}. */
    static final int CLUSTER_BROADCAST = 3;
    /** socket.io-adapter cluster {@code MessageType.DISCONNECT_SOCKETS}. */
    static final int CLUSTER_DISCONNECT_SOCKETS = 6;
    /** {@code @socket.io/redis-streams-adapter}'s default {@code maxLen}. */
    static final String STREAM_MAXLEN = "10000";

    private final String key;
    private final String namespace;

    private final Encoding encoding;

    public SocketIoFrames(String key, String namespace, ObjectMapper json) {
        this.encoding = new Encoding(json);
        this.key = key;
        this.namespace = namespace;
    }

    /** Where the adapter's nodes listen for broadcasts to a single room, up to that room's name (a socket id). */
    String eventChannelPrefix() {
        return key + "#" + namespace + "#";
    }

    /** The stream the streams adapter reads ({@code streamName}, the same as the key prefix by default). */
    String streamName() {
        return key;
    }

    /**
     * The arguments of the streams adapter's {@code XADD} after the stream's name, up to the value of its {@code data}
     * field: capped like the adapter caps the stream itself, then the envelope's {@code uid nsp type} fields.
     */
    List<String> streamEntryHead(int type) {
        return List.of("MAXLEN", "~", STREAM_MAXLEN, "*", "uid", EMITTER_UID, "nsp", namespace, "type",
                String.valueOf(type), "data");
    }

    /** Where the adapter's nodes listen for cluster requests. */
    public String requestChannel() {
        return key + "-request#" + namespace + "#";
    }

    /** The MessagePack frame delivering the event to one socket, with two holes: the MessagePack client id, then the MessagePack socket id. */
    Template eventFrameTemplate(DisconnectMessage message) {
        return Template.cut(encoding.msgpack(event(message.forClient(hole(1)), hole(2))),
                encoding.msgpack(hole(1)), encoding.msgpack(hole(2)));
    }

    /** The JSON request disconnecting one socket (and closing its connection), with one hole: the JSON socket id. */
    Template disconnectRequestTemplate() {
        return Template.cut(encoding.json(disconnect(hole(1))), encoding.json(hole(1)));
    }

    /** The sharded adapter's broadcast envelope (MessagePack), holes: client id, socket id. */
    Template shardedBroadcastTemplate(DisconnectMessage message) {
        return Template.cut(encoding.msgpack(envelope(CLUSTER_BROADCAST, broadcastData(message.forClient(hole(1)), hole(2)))),
                encoding.msgpack(hole(1)), encoding.msgpack(hole(2)));
    }

    /** The sharded adapter's disconnect envelope (JSON), hole: socket id. */
    Template shardedDisconnectTemplate() {
        return Template.cut(encoding.json(envelope(CLUSTER_DISCONNECT_SOCKETS, disconnectData(hole(1)))), encoding.json(hole(1)));
    }

    /** The streams adapter's {@code data} field of a broadcast (JSON), holes: client id, socket id. */
    Template streamBroadcastDataTemplate(DisconnectMessage message) {
        return Template.cut(encoding.json(broadcastData(message.forClient(hole(1)), hole(2))),
                encoding.json(hole(1)), encoding.json(hole(2)));
    }

    /** The streams adapter's {@code data} field of a disconnect (JSON), hole: socket id. */
    Template streamDisconnectDataTemplate() {
        return Template.cut(encoding.json(disconnectData(hole(1))), encoding.json(hole(1)));
    }

    private Map<String, Object> envelope(int type, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("uid", EMITTER_UID);
        envelope.put("nsp", namespace);
        envelope.put("type", type);
        envelope.put("data", data);
        return envelope;
    }

    private Map<String, Object> broadcastData(Object payload, String sid) {
        List<Object> event = event(payload, sid);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("packet", event.get(1));
        data.put("opts", event.get(2));
        return data;
    }

    private Map<String, Object> disconnectData(String sid) {
        Map<String, Object> request = disconnect(sid);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("opts", request.get("opts"));
        data.put("close", true);
        return data;
    }

    private List<Object> event(Object payload, String sid) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT_PACKET);
        packet.put("data", List.of(DisconnectMessage.EVENT, payload));
        packet.put("nsp", namespace);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.of(sid));
        opts.put("flags", Map.of());
        opts.put("except", List.of());
        return List.of(EMITTER_UID, packet, opts);
    }

    private Map<String, Object> disconnect(String sid) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.of(sid));
        opts.put("except", List.of());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", EMITTER_UID);
        request.put("type", DISCONNECT_SOCKETS);
        request.put("opts", opts);
        request.put("close", true);
        return request;
    }
}
