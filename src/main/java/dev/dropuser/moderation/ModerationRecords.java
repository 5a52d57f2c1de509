package dev.dropuser.moderation;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A room's bans and audit trail as the moderation use cases need them. Implementations signal failure to reach
 * the registry with a {@code DropuserException} of result {@code REGISTRY_UNAVAILABLE}.
 */
public interface ModerationRecords {

    /** Bans still in force at {@code now}, soonest end first. */
    CompletionStage<List<Ban>> bansInForce(String roomId, long now);

    /**
     * Removes the ban if one is in force, and appends its audit entry, atomically; prunes expired bans either way.
     * Returns whether a ban was lifted.
     */
    CompletionStage<Boolean> liftBan(LiftOrder order);

    /** Up to {@code count} audit entries after {@code after} (exclusive; from the start when empty), oldest first. */
    CompletionStage<List<AuditEntry>> entries(String roomId, Optional<String> after, int count);
}
