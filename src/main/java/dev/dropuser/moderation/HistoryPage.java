package dev.dropuser.moderation;

import java.util.List;
import java.util.Optional;

/** One page of a room's audit trail, oldest first; {@code next} is the {@code after} of the following page, if any. */
public record HistoryPage(String roomId, List<AuditEntry> drops, Optional<String> next) {
    public HistoryPage {
        drops = List.copyOf(drops);
    }
}
