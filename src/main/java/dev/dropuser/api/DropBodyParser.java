package dev.dropuser.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dropuser.drop.DropRequest;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a drop body strictly (CONTRACT §2): at most 64 KiB, one JSON object, known fields only, exact types.
 * Anything else is refused before Redis is touched.
 */
public final class DropBodyParser {
    static final int MAX_BODY_BYTES = 65_536;
    private static final Set<String> FIELDS = Set.of("clientIds", "userRefs", "reason", "banSeconds");
    private static final Set<String> WEBHOOK_FIELDS = Set.of("roomId", "clientIds", "userRefs", "reason", "banSeconds");

    private DropBodyParser() {
    }

    /** The body of {@code POST /v1/rooms/{roomId}/drop}. */
    public static DropRequest forRoom(String roomId, byte[] body) {
        return request(roomId, object(body, FIELDS));
    }

    /** The body of the webhook, which names its room itself. */
    static DropRequest withRoom(byte[] body) {
        JsonNode object = object(body, WEBHOOK_FIELDS);
        JsonNode room = object.get("roomId");
        if (room == null || !room.isTextual()) {
            throw DropuserException.invalidRequest("roomId is required and must be a string");
        }
        return request(room.asText(), object);
    }

    static void checkSize(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
    }

    static DropuserException tooLarge() {
        return new DropuserException(ResultCode.PAYLOAD_TOO_LARGE, "the body must be at most " + MAX_BODY_BYTES + " bytes");
    }

    private static JsonNode object(byte[] body, Set<String> allowed) {
        checkSize(body);
        if (body == null || body.length == 0) {
            throw DropuserException.invalidRequest("a JSON body is required");
        }
        JsonNode tree;
        try {
            tree = ApiJson.STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw DropuserException.invalidRequest("the body is not valid JSON");
        } catch (IOException e) {
            throw DropuserException.invalidRequest("the body could not be read");
        }
        if (tree == null || !tree.isObject()) {
            throw DropuserException.invalidRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw DropuserException.invalidRequest("unknown field " + printable(name));
            }
        }
        return tree;
    }

    private static DropRequest request(String roomId, JsonNode object) {
        return DropRequest.of(roomId, ids("clientIds", object.get("clientIds")), ids("userRefs", object.get("userRefs")),
                reason(object.get("reason")), banSeconds(object.get("banSeconds")));
    }

    /** An array of strings, or {@code null} when the field is absent (or JSON null). */
    private static List<String> ids(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw DropuserException.invalidRequest(field + " must be an array of strings");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (JsonNode id : node) {
            if (!id.isTextual()) {
                throw DropuserException.invalidRequest(field + " must be an array of strings");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static Optional<String> reason(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw DropuserException.invalidRequest("reason must be a string");
        }
        return Optional.of(node.asText());
    }

    private static int banSeconds(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw DropuserException.invalidRequest("banSeconds must be an integer between 0 and " + DropRequest.MAX_BAN_SECONDS);
        }
        return node.intValue();
    }

    /** Field names come from the caller: show a bounded, printable version only. */
    private static String printable(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return '"' + shown.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }
}
