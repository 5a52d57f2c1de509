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

    /**
     * Signs {@code claimsJson} exactly as given, with any algorithm and key, skipping the builder's own checks
     * (which would add an {@code iat} or refuse a weak key): for tokens a hostile issuer could mint.
     */
    public static String signRaw(String claimsJson, java.security.Key key, String algorithm) {
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(claimsJson);
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a valid service token as JSON, for {@link #signRaw}. */
    public static String serviceClaimsJson(long iat, long exp) {
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"svc\",\"groups\":[\"service\"],"
                + "\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
