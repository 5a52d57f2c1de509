package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.drop.DropOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code dropping} hash value: {@code {"requestId","cause","at","attempts"}} (CONTRACT §4), written when a
 * disconnect is published and removed once the client is confirmed gone or the drop is given up.
 */
record DroppingMark(String requestId, int cause, long at, int attempts) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The mark of a new drop's first attempt, as JSON. */
    static String first(DropOrder order) {
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("requestId", order.requestId());
        mark.put("cause", order.cause().code());
        mark.put("at", order.at());
        mark.put("attempts", 1);
        try {
            return JSON.writeValueAsString(mark);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored mark; empty when it is not one (the script then skips it too). */
    static Optional<DroppingMark> parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.path("requestId").isTextual() || !node.path("cause").isInt()
                    || !node.path("at").canConvertToLong()) {
                return Optional.empty();
            }
            return Optional.of(new DroppingMark(node.get("requestId").asText(), node.get("cause").asInt(),
                    node.get("at").asLong(), node.path("attempts").asInt(1)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
