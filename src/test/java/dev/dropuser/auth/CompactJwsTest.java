package dev.dropuser.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.security.Fuzz;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What counts as a compact JWS before the token reaches the JOSE library. */
class CompactJwsTest {
    /** The specification: three non-empty base64url segments joined by dots, nothing else. */
    private static final Pattern SPEC = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final String ALPHABET = "aZ09-_.=+/ \t\n%é";

    @Test
    void acceptsThreeBase64UrlSegments() {
        assertThat(CallerAuthentication.isCompactJws("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln-_")).isTrue();
        assertThat(CallerAuthentication.isCompactJws("a.b.c")).isTrue();
    }

    @Test
    void refusesAnythingElse() {
        for (String token : List.of("", ".", "..", "a.b", "a.b.", ".b.c", "a..c", "a.b.c.d", "a.b.c=", "a+b.c.d",
                "a/b.c.d", "a.b.c ", " a.b.c", "a.b\n.c", "a.b.c\u0000", "a.bé.c", "a.b.c.", "a.b.c..e")) {
            assertThat(CallerAuthentication.isCompactJws(token)).as("'%s'", token).isFalse();
        }
    }

    @Test
    void agreesWithTheRegularExpressionOnArbitraryStrings() {
        Fuzz.check("isCompactJws(string) == spec", Fuzz.tries(20_000), List.of("a.b.c", "a.b", "...", "a.b.c.d"),
                CompactJwsTest::tokenish,
                token -> assertThat(CallerAuthentication.isCompactJws(token)).isEqualTo(SPEC.matcher(token).matches()),
                token -> "'" + token + "'");
    }

    /** Mostly base64url with a few dots, now and then another character: near misses are the interesting cases. */
    private static String tokenish(Random random) {
        StringBuilder token = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            token.append(pick < 6 ? "aZ09-_".charAt(random.nextInt(6))
                    : pick < 9 ? '.' : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }
}
