package dev.dropuser.moderation;

import java.util.OptionalInt;

/**
 * One entry of a room's audit trail (CONTRACT §11.4).
 *
 * @param id         the stream entry id, {@code <ms>-<seq>}: what a client passes as {@code after}
 * @param by         the token's {@code sub}, or {@code webhook} / {@code cleanup}
 * @param trigger    {@code api}, {@code webhook}, {@code cleanup}, {@code retry} or {@code unban}
 * @param cause      the close code the dropped clients were sent; absent for a lifted ban
 * @param clients    the report items, a JSON array exactly as the script recorded it
 */
public record AuditEntry(String id, String requestId, long at, String by, String trigger, OptionalInt cause,
        String reason, int banSeconds, String clients) {
}
