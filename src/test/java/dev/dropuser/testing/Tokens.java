package dev.dropuser.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.Set;

/** Real tokens signed with the test key (src/test/resources/test-keys), as an issuer would mint them. */
public final class Tokens {
    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "dropuser";

    private Tokens() {
    }

    /** Claims of a valid token for {@code sub}, issued now and valid for five minutes. */
    public static JwtClaimsBuilder claims(String sub, String... groups) {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(sub).groups(Set.of(groups))
                .issuedAt(now).expiresAt(now + 300);
    }

    public static String moderator(String room, String sub) {
        return claims(sub, "moderator").claim("room", room).sign();
    }

    public static String service(String sub) {
        return claims(sub, "service").sign();
    }

    public static String participant(String room, String sub) {
        return claims(sub, "participant").claim("room", room).sign();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
