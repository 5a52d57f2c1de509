package dev.dropuser.drop;

import dev.dropuser.result.DropuserException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A validated drop request (CONTRACT §2, §11.1): who to drop from which room, why, and for how long to ban them.
 * Construction refuses anything the contract does not allow, so a {@code DropRequest} is always valid.
 *
 * @param roomId     the room
 * @param clientIds  distinct client ids in request order
 * @param everyone   the request sent {@code "clientIds": []}: everyone (but the caller's own connections)
 * @param userRefs   distinct users in request order, each of whose live sessions is dropped
 * @param reason     optional text shown to the dropped participants
 * @param banSeconds 0 for no ban, else how long the dropped (and listed) users may not rejoin
 */
public record DropRequest(String roomId, List<String> clientIds, boolean everyone, List<String> userRefs,
        Optional<String> reason, int banSeconds) {
    public static final int MAX_CLIENT_IDS = 1000;
    public static final int MAX_USER_REFS = 100;
    public static final int MAX_REASON_BYTES = 120;
    public static final int MAX_BAN_SECONDS = 86_400;

    /** A v1 request: {@code clientIds} only, {@code []} meaning everyone. */
    public DropRequest(String roomId, List<String> clientIds, Optional<String> reason, int banSeconds) {
        this(roomId, clientIds, clientIds != null && clientIds.isEmpty(), List.of(), reason, banSeconds);
    }

    /** The request as sent: either list may be absent ({@code null}), not both; {@code clientIds: []} means everyone. */
    public static DropRequest of(String roomId, List<String> clientIds, List<String> userRefs, Optional<String> reason,
            int banSeconds) {
        if (clientIds == null && userRefs == null) {
            throw DropuserException.invalidRequest("clientIds or userRefs is required ([] drops everyone)");
        }
        return new DropRequest(roomId, clientIds == null ? List.of() : clientIds, clientIds != null && clientIds.isEmpty(),
                userRefs == null ? List.of() : userRefs, reason, banSeconds);
    }

    public DropRequest {
        Identifiers.require("roomId", roomId);
        if (clientIds == null) {
            throw DropuserException.invalidRequest("clientIds is required ([] drops everyone)");
        }
        clientIds = distinct("clientIds", clientIds, MAX_CLIENT_IDS);
        userRefs = distinct("userRefs", userRefs == null ? List.of() : userRefs, MAX_USER_REFS);
        if (everyone && !clientIds.isEmpty()) {
            throw new IllegalArgumentException("everyone is the empty clientIds list");
        }
        if (!everyone && clientIds.isEmpty() && userRefs.isEmpty()) {
            throw DropuserException.invalidRequest("name at least one client or user ([] clientIds drops everyone)");
        }
        reason = reason == null ? Optional.empty() : reason;
        reason.ifPresent(DropRequest::checkReason);
        if (banSeconds < 0 || banSeconds > MAX_BAN_SECONDS) {
            throw DropuserException.invalidRequest("banSeconds must be between 0 and " + MAX_BAN_SECONDS);
        }
    }

    /** Whether the request means everyone ({@code "clientIds": []}). */
    public boolean dropsEveryone() {
        return everyone;
    }

    private static List<String> distinct(String field, List<String> ids, int max) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            distinct.add(Identifiers.require(field + "[" + i + "]", ids.get(i)));
        }
        if (distinct.size() > max) {
            throw DropuserException.invalidRequest("at most " + max + " " + field + " per request");
        }
        return List.copyOf(new ArrayList<>(distinct));
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
