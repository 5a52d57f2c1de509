package dev.dropuser.drop;

import dev.dropuser.result.DropuserException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A validated drop request (CONTRACT §2): who to drop from which room, why, and for how long to ban them.
 * Construction refuses anything the contract does not allow, so a {@code DropRequest} is always valid.
 *
 * @param roomId     the room
 * @param clientIds  distinct client ids in request order; empty means everyone (but the caller's own connections)
 * @param reason     optional text shown to the dropped participants
 * @param banSeconds 0 for no ban, else how long the dropped users may not rejoin
 */
public record DropRequest(String roomId, List<String> clientIds, Optional<String> reason, int banSeconds) {
    public static final int MAX_CLIENT_IDS = 1000;
    public static final int MAX_REASON_BYTES = 120;
    public static final int MAX_BAN_SECONDS = 86_400;

    public DropRequest {
        Identifiers.require("roomId", roomId);
        if (clientIds == null) {
            throw DropuserException.invalidRequest("clientIds is required ([] drops everyone)");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < clientIds.size(); i++) {
            distinct.add(Identifiers.require("clientIds[" + i + "]", clientIds.get(i)));
        }
        if (distinct.size() > MAX_CLIENT_IDS) {
            throw DropuserException.invalidRequest("at most " + MAX_CLIENT_IDS + " clientIds per request");
        }
        clientIds = List.copyOf(new ArrayList<>(distinct));
        reason = reason == null ? Optional.empty() : reason;
        reason.ifPresent(DropRequest::checkReason);
        if (banSeconds < 0 || banSeconds > MAX_BAN_SECONDS) {
            throw DropuserException.invalidRequest("banSeconds must be between 0 and " + MAX_BAN_SECONDS);
        }
    }

    /** Whether the request names nobody, which means everyone. */
    public boolean dropsEveryone() {
        return clientIds.isEmpty();
    }

    private static void checkReason(String reason) {
        boolean wellFormed = reason.codePoints()
                .noneMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE);
        if (!wellFormed) {
            throw DropuserException.invalidRequest("reason must not contain control characters");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw DropuserException.invalidRequest("reason must be at most " + MAX_REASON_BYTES + " UTF-8 bytes");
        }
    }
}
