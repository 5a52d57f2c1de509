package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.cleanup.UnconfirmedDrop;
import java.util.Optional;

/**
 * Reads a {@code dropping} hash value, {@code {"requestId","cause","at","attempts","reason","by"}} (CONTRACT §4).
 * Only the scripts write marks (lib.lua's {@code encode_mark}); this is the Java side of the same shape.
 */
final class DroppingMark {
    private DroppingMark() {
    }

    /** The mark of {@code clientId}; empty when the value is not a mark (the retry script skips it too). */
    static Optional<UnconfirmedDrop> read(ObjectMapper json, String clientId, String value) {
        try {
            JsonNode node = json.readTree(value);
            if (node == null || !node.path("requestId").isTextual() || !node.path("cause").canConvertToInt()
                    || !node.path("at").isNumber()) {
                return Optional.empty();
            }
            return Optional.of(new UnconfirmedDrop(clientId, node.get("requestId").asText(), node.get("cause").asInt(),
                    node.get("at").asLong(), node.path("attempts").asInt(1), text(node, "reason"), text(node, "by")));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
