package dev.dropuser.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import static dev.dropuser.signaling.Encoding.hole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code json} signaling mode (CONTRACT §6): one versioned message per signaling node, published on
 * {@code <prefix>signal:<nodeId>}, naming every client of that node to drop.
 */
public final class JsonSignal {
    static final int VERSION = 1;

    private final String channelPrefix;

    private final Encoding encoding;

    public JsonSignal(String keyPrefix, ObjectMapper json) {
        this.encoding = new Encoding(json);
        this.channelPrefix = keyPrefix + "signal:";
    }

    String channelPrefix() {
        return channelPrefix;
    }

    /** The message for one node, with one hole: the JSON array of client ids. */
    Template messageTemplate(DisconnectMessage message, String by, long at) {
        return Template.cut(encoding.json(fields(message, hole(1), by, at)), encoding.json(hole(1)));
    }

    private static Map<String, Object> fields(DisconnectMessage message, Object clientIds, String by, long at) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("v", VERSION);
        fields.put("type", "drop");
        fields.put("requestId", message.requestId());
        fields.put("roomId", message.roomId());
        fields.put("clientIds", clientIds);
        fields.put("event", DisconnectMessage.EVENT);
        fields.put("payload", message.fields());
        fields.put("by", by);
        fields.put("at", at);
        return fields;
    }
}
