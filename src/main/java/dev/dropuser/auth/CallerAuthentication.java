package dev.dropuser.auth;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
    static final int MAX_TOKEN_CHARS = 8192;
    /**
     * The names the service acts under itself (the webhook and the cleanup): no token may carry them as its
     * {@code sub}, so that their idempotency keys and rate counters stay their own (CONTRACT §12).
     */
    public static final Set<String> INTERNAL_ACTORS = Set.of("webhook", "cleanup");

    private final JWTParser parser;
    private final IssuerKeys issuerKeys;
    private final Clock clock;
    private final Duration skew;

    /** @param issuerKeys the keys fetched from a JWKS URL; with a PEM key, {@code parser} verifies alone */
    public CallerAuthentication(JWTParser parser, IssuerKeys issuerKeys, Clock clock, Duration skew) {
        this.parser = parser;
        this.issuerKeys = issuerKeys;
        this.clock = clock;
        this.skew = skew;
    }

    public Caller authenticate(String authorization) {
        DropuserException misshapen = refusalOfShape(authorization);
        if (misshapen != null) {
            throw misshapen;
        }
        String compact = authorization.substring(BEARER.length()).strip();
        JWTParser verifier = issuerKeys != null && issuerKeys.remote()
                ? issuerKeys.parser().orElseThrow(() -> refused("the issuer's keys are not available"))
                : parser;
        JsonWebToken token;
        try {
            token = verifier.parse(compact);
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
        if (INTERNAL_ACTORS.contains(subject)) {
            throw refused("the token's sub is reserved for the service itself");
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

    /**
     * The refusal (1001) of an {@code Authorization} header that is not {@code Bearer <compact JWS>}, or null when
     * it has that shape. No key, no parsing: cheap enough to run before a request's body is read.
     */
    public static DropuserException refusalOfShape(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refused("a Bearer token is required");
        }
        String compact = authorization.substring(BEARER.length()).strip();
        // One token, one spelling: refuse what the decoder would otherwise quietly repair.
        if (compact.length() > MAX_TOKEN_CHARS || !isCompactJws(compact)) {
            return refused("the token is not a compact JWS");
        }
        return null;
    }

    /**
     * A compact JWS and nothing else: three non-empty base64url segments joined by two dots. The JOSE
     * library's decoder would skip stray characters. (A scan rather than a regular expression: on every
     * request, a regex over a 600-character token cost a tenth of the token check.)
     */
    static boolean isCompactJws(String token) {
        int dots = 0;
        int segmentLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return false;
                }
                dots++;
                segmentLength = 0;
            } else if (isBase64Url(c)) {
                segmentLength++;
            } else {
                return false;
            }
        }
        return dots == 2 && segmentLength > 0;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
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
