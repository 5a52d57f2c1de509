package dev.dropuser.moderation;

import dev.dropuser.auth.Caller;
import dev.dropuser.drop.Identifiers;
import dev.dropuser.result.DropuserException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Pages through a room's audit trail (CONTRACT §11.4), oldest first, for a moderator of the room or a service.
 * One entry more than the page is read, so {@code next} is empty exactly on the last page.
 */
public final class ReadDropHistory {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    /** A stream entry id as Redis writes it; 19 digits each keep every accepted value inside Redis' 64-bit range. */
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");

    private final ModerationRecords records;

    public ReadDropHistory(ModerationRecords records) {
        this.records = records;
    }

    /** {@code after} and {@code limit} as the query string carries them: absent, or text to check. */
    public CompletionStage<HistoryPage> page(Caller caller, String roomId, Optional<String> after, Optional<String> limit) {
        Identifiers.require("roomId", roomId);
        after.filter(id -> !ENTRY_ID.matcher(id).matches()).ifPresent(id -> {
            throw DropuserException.invalidRequest("after must be an entry id <ms>-<seq>, as given in next");
        });
        int count = limit.map(ReadDropHistory::limit).orElse(DEFAULT_LIMIT);
        Authorization.requireModeratorOf(caller, roomId);
        return records.entries(roomId, after, count + 1).thenApply(entries -> entries.size() > count
                ? new HistoryPage(roomId, entries.subList(0, count), Optional.of(entries.get(count - 1).id()))
                : new HistoryPage(roomId, entries, Optional.empty()));
    }

    private static int limit(String text) {
        int value = LIMIT.matcher(text).matches() ? Integer.parseInt(text) : 0;
        if (value < 1 || value > MAX_LIMIT) {
            throw DropuserException.invalidRequest("limit must be an integer between 1 and " + MAX_LIMIT);
        }
        return value;
    }
}
