package dev.dropuser.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole messages as the signaling tier receives them (CONTRACT §6), built here independently of the production
 * templates, so that tests can hold a filled template against them.
 */
final class Frames {
    private static final Encoding ENCODING = new Encoding(new ObjectMapper());

    private Frames() {
    }

    /** The classic adapter's channel for broadcasts to the single room {@code sid}. */
    static String eventChannel(String key, String namespace, String sid) {
        return key + "#" + namespace + "#" + sid + "#";
    }

    /** The classic adapter's MessagePack frame delivering {@code room-disconnected} with {@code payload} to one socket. */
    static byte[] eventFrame(String namespace, Object payload, String sid) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", 2);
        packet.put("data", List.of("room-disconnected", payload));
        packet.put("nsp", namespace);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.of(sid));
        opts.put("flags", Map.of());
        opts.put("except", List.of());
        return ENCODING.msgpack(List.of("emitter", packet, opts));
    }

    /** The classic adapter's JSON request disconnecting one socket and closing its connection. */
    static byte[] disconnectRequest(String sid) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.of(sid));
        opts.put("except", List.of());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", "emitter");
        request.put("type", 4);
        request.put("opts", opts);
        request.put("close", true);
        return ENCODING.json(request);
    }

    /** The json mode's message for one node. */
    static byte[] jsonMessage(DisconnectMessage message, List<String> clientIds, String by, long at) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("v", 1);
        fields.put("type", "drop");
        fields.put("requestId", message.requestId());
        fields.put("roomId", message.roomId());
        fields.put("clientIds", clientIds);
        fields.put("event", "room-disconnected");
        fields.put("payload", message.fields());
        fields.put("by", by);
        fields.put("at", at);
        return ENCODING.json(fields);
    }

    /** The template with each hole filled by an already-encoded value, as the drop script fills it. */
    static byte[] fill(Template template, byte[]... values) {
        List<byte[]> parts = template.parts();
        if (values.length != parts.size() - 1) {
            throw new IllegalArgumentException("expected " + (parts.size() - 1) + " values");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < values.length; i++) {
            out.writeBytes(parts.get(i));
            out.writeBytes(values[i]);
        }
        out.writeBytes(parts.get(values.length));
        return out.toByteArray();
    }
}
