package dev.dropuser.auth;

/** What a token's {@code groups} claim lets its holder do (CONTRACT §1). */
public enum Role {
    /** A room moderator: acts only on the room named by the token's {@code room} claim. */
    MODERATOR,
    /** A trusted backend: acts on any room. */
    SERVICE
}
