package dev.dropuser.signaling;

import static dev.dropuser.signaling.Encoding.hole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classic {@code @socket.io/redis-adapter} protocol as the official {@code @socket.io/redis-emitter}
 * speaks it (CONTRACT §6): an event broadcast to the room named after the socket id, then a request to
 * disconnect that socket. The uid {@code "emitter"} keeps the adapters from taking dropuser for a node.
 */
public final class SocketIoFrames {
    static final String EMITTER_UID = "emitter";
    /** socket.io-parser {@code PacketType.EVENT}. */
    static final int EVENT_PACKET = 2;
    /** {@code @socket.io/redis-adapter} {@code RequestType.DISCONNECT_SOCKETS}. */
    static final int DISCONNECT_SOCKETS = 4;

    private final String key;
    private final String namespace;

    public SocketIoFrames(String key, String namespace) {
        this.key = key;
        this.namespace = namespace;
    }

    /** Where the adapter's nodes listen for broadcasts to the single room {@code sid}. */
    public String eventChannel(String sid) {
        return eventChannelPrefix() + sid + "#";
    }

    String eventChannelPrefix() {
        return key + "#" + namespace + "#";
    }

    /** Where the adapter's nodes listen for cluster requests. */
    public String requestChannel() {
        return key + "-request#" + namespace + "#";
    }

    /** The MessagePack frame delivering the event, with {@code payload}, to one socket. */
    public byte[] eventFrame(Object payload, String sid) {
        return Encoding.msgpack(event(payload, sid));
    }

    /** The JSON request disconnecting one socket (and closing its underlying connection). */
    public byte[] disconnectRequest(String sid) {
        return Encoding.json(disconnect(sid));
    }

    /** {@link #eventFrame} with two holes: the MessagePack client id, then the MessagePack socket id. */
    Template eventFrameTemplate(DisconnectMessage message) {
        return Template.cut(Encoding.msgpack(event(message.forClient(hole(1)), hole(2))),
                Encoding.msgpack(hole(1)), Encoding.msgpack(hole(2)));
    }

    /** {@link #disconnectRequest} with one hole: the JSON socket id. */
    Template disconnectRequestTemplate() {
        return Template.cut(Encoding.json(disconnect(hole(1))), Encoding.json(hole(1)));
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
