package dev.dropuser.moderation;

/** A ban in force (CONTRACT §11.3): {@code userRef} may not join the room before {@code until} (epoch ms). */
public record Ban(String userRef, long until) {
}
