package dev.dropuser.signaling;

import dev.dropuser.drop.DropCause;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code room-disconnected} event a dropped client receives (CONTRACT §5), without its {@code clientId},
 * which differs per client and is added last by whoever sends the event.
 */
public record DisconnectMessage(DropCause cause, Optional<String> reason, String roomId, String requestId) {
    public static final String EVENT = "room-disconnected";

    /** The payload fields in wire order, {@code clientId} excluded. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, Object> causeFields = new LinkedHashMap<>();
        causeFields.put("code", cause.code());
        causeFields.put("msg", cause.msg());
        fields.put("cause", causeFields);
        reason.ifPresent(text -> fields.put("reason", text));
        fields.put("roomId", roomId);
        fields.put("requestId", requestId);
        return fields;
    }

    /** The full payload one client receives. */
    public Map<String, Object> forClient(String clientId) {
        Map<String, Object> fields = fields();
        fields.put("clientId", clientId);
        return fields;
    }
}
