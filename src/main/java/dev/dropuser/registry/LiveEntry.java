package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** A {@code live} hash value, {@code {"node","sid","userRef","role","joinedAt"}}, as far as Java reads it. */
final class LiveEntry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveEntry() {
    }

    /** The entry's signaling node, if the entry is readable JSON that names one. */
    static Optional<String> nodeOf(String entry) {
        try {
            JsonNode node = JSON.readTree(entry).path("node");
            return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
