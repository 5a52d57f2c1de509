package dev.dropuser.auth;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns an {@code Authorization} header into a {@link Caller} (CONTRACT §1). SmallRye JWT checks the
 * signature, the single configured algorithm, key strength, {@code iss}, {@code aud}, {@code exp} and the
 * clock skew; this class adds what it does not: a required, not-future {@code iat}, a {@code sub}, and a
 * role with its room.
 */
public final class CallerAuthentication {
    static final String MODERATOR_GROUP = "moderator";
    static final String SERVICE_GROUP = "service";
    private static final String BEARER = "Bearer ";
    /** A compact JWS and nothing else: the JOSE library's decoder would skip stray characters. */
    private static final Pattern COMPACT_JWS =
            Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    static final int MAX_TOKEN_CHARS = 8192;

    private final JWTParser parser;
    private final Clock clock;
    private final Duration skew;

    public CallerAuthentication(JWTParser parser, Clock clock, Duration skew) {
        this.parser = parser;
        this.clock = clock;
        this.skew = skew;
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw refused("a Bearer token is required");
        }
        String compact = authorization.substring(BEARER.length()).strip();
        // One token, one spelling: refuse what the decoder would otherwise quietly repair.
        if (compact.length() > MAX_TOKEN_CHARS || !COMPACT_JWS.matcher(compact).matches()) {
            throw refused("the token is not a compact JWS");
        }
        JsonWebToken token;
        try {
            token = parser.parse(compact);
        } catch (ParseException e) {
            throw refused("the token is invalid or expired");
        }
        Long issuedAt = numericClaim(token, "iat");
        if (issuedAt == null || issuedAt * 1000 > clock.millis() + skew.toMillis()) {
            throw refused("the token's iat is missing or in the future");
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw refused("the token has no sub");
        }
        Set<String> groups = token.getGroups();
        if (groups.contains(SERVICE_GROUP)) {
            return Caller.service(subject);
        }
        if (groups.contains(MODERATOR_GROUP)) {
            Object room = token.getClaim("room");
            String roomId = stringClaim(room).orElseThrow(() -> refused("a moderator token needs a room claim"));
            return Caller.moderatorOf(roomId, subject);
        }
        throw new DropuserException(ResultCode.UNAUTHORIZED_ACCESS, "only moderators and services may drop participants");
    }

    private static Long numericClaim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof jakarta.json.JsonNumber number) {
            return number.longValue();
        }
        return null;
    }

    private static Optional<String> stringClaim(Object value) {
        if (value instanceof String text && !text.isEmpty()) {
            return Optional.of(text);
        }
        if (value instanceof jakarta.json.JsonString text && !text.getString().isEmpty()) {
            return Optional.of(text.getString());
        }
        return Optional.empty();
    }

    private static DropuserException refused(String why) {
        return new DropuserException(ResultCode.INVALID_TOKEN, why);
    }
}
