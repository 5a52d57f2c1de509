package dev.dropuser.security;

import static dev.dropuser.security.HostileTokens.ATTACKER_EC;
import static dev.dropuser.security.HostileTokens.ATTACKER_RSA;
import static dev.dropuser.security.HostileTokens.ISSUER_KEY;
import static dev.dropuser.security.HostileTokens.ISSUER_PUBLIC_KEY;
import static dev.dropuser.security.HostileTokens.ISSUER_PUBLIC_PEM;
import static dev.dropuser.security.HostileTokens.OTHER_KEY;
import static dev.dropuser.security.HostileTokens.WEAK_KEY;
import static dev.dropuser.security.HostileTokens.assemble;
import static dev.dropuser.security.HostileTokens.b64;
import static dev.dropuser.security.HostileTokens.claims;
import static dev.dropuser.security.HostileTokens.issuerSignature;
import static dev.dropuser.security.HostileTokens.now;
import static dev.dropuser.security.HostileTokens.sign;
import static dev.dropuser.security.HostileTokens.with;
import static dev.dropuser.security.HostileTokens.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.dropuser.testing.RoomFixture;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token attack suite (issue 6): every token an adversary can mint or mangle, sent to the drop endpoint (as a
 * would-be moderator of the room) and to the cleanup endpoint (as a would-be service), each refused with 1001, or
 * 5116 when the token is genuine but grants nothing here, and each leaving Redis exactly as it was. The registry is
 * seeded so that an accepted token would change it: a live client to drop, a ghost entry and an ended room for the
 * cleanup to remove.
 *
 * <p>Attacks that {@code DropRefusalsTest} already sends to the drop endpoint (alg none in lower case, another key,
 * a 1024-bit key, expired 31 s ago, wrong iss/aud, no iat, room as an array or a number) run here against the
 * cleanup endpoint only.
 */
@QuarkusTest
class JwtAttackTest {
    static final String ROOM = "r1";
    static final String DROP_BODY = "{\"clientIds\":[\"c1\"],\"banSeconds\":86400}";

    /** Where a token's kid/jku/x5u points: a key server the service must never call. */
    static final KeyServer KEY_SERVER = KeyServer.start();

    enum Target {
        DROP("/v1/rooms/" + ROOM + "/drop", DROP_BODY, ROOM),
        CLEANUP("/v1/cleanup", "", null);

        final String path;
        final String body;
        /** The room a would-be moderator names; null for a would-be service. */
        final String room;

        Target(String path, String body, String room) {
            this.path = path;
            this.body = body;
            this.room = room;
        }

        Map<String, Object> claims() {
            return HostileTokens.claims(room);
        }
    }

    /** One attack: the raw Authorization header value it sends (null: none) for a target, and the refusal due. */
    record Attack(String name, Set<Target> targets, int result, Function<Target, byte[]> authorization) {
    }

    static final Set<Target> BOTH = EnumSet.allOf(Target.class);
    static final Set<Target> CLEANUP_ONLY = EnumSet.of(Target.CLEANUP);
    static final Set<Target> DROP_ONLY = EnumSet.of(Target.DROP);
    static final int INVALID_TOKEN = 1001;
    static final int UNAUTHORIZED = 5116;

    static final Map<String, Attack> ATTACKS = attacks();

    @Inject
    RedisDataSource redis;

    RoomFixture fixture;
    Map<String, String> before;

    @BeforeEach
    void seed() {
        fixture = new RoomFixture(redis);
        fixture.reset();
        fixture.heartbeat("sig-1");
        fixture.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        fixture.join(ROOM, "c2", "sig-1", "sid-2", "u-2", "participant");
        fixture.join("r-ghost", "g1", "dead-node", "sid-g1", "u-g1", "participant");
        fixture.join("r-ended", "e1", "sig-1", "sid-e1", "u-e1", "participant");
        redis.sortedSet(String.class).zadd("dropuser:rooms:ends", System.currentTimeMillis() - 60_000, "r-ended");
        before = fixture.snapshot();
    }

    @AfterAll
    static void stopKeyServer() {
        KEY_SERVER.stop();
    }

    static Stream<String> dropAttacks() {
        return ATTACKS.values().stream().filter(a -> a.targets().contains(Target.DROP)).map(Attack::name);
    }

    static Stream<String> cleanupAttacks() {
        return ATTACKS.values().stream().filter(a -> a.targets().contains(Target.CLEANUP)).map(Attack::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropAttacks")
    void givenAttackToken_dropAsModerator_isRefusedAndChangesNothing(String attack) {
        assertRefusedAndNothingChanged(ATTACKS.get(attack), Target.DROP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanupAttacks")
    void givenAttackToken_cleanupAsService_isRefusedAndChangesNothing(String attack) {
        assertRefusedAndNothingChanged(ATTACKS.get(attack), Target.CLEANUP);
    }

    /** RFC 7235: the scheme is case-insensitive. The code accepts {@code bearer} and {@code BEARER}. */
    @Test
    void givenLowercaseOrUppercaseBearerScheme_drop_acceptsAValidTokenAndStillRefusesAForgedOne() {
        String valid = sign(claims(ROOM), ISSUER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256);
        String forged = sign(claims(ROOM), OTHER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256);
        for (String scheme : List.of("bearer ", "BEARER ", "bEaReR ")) {
            RawHttp.Reply accepted = send(Target.DROP, ascii(scheme + valid), "{\"clientIds\":[\"nobody\"]}");
            assertThat(accepted.status()).as(scheme).isEqualTo(200);
            assertThat(accepted.json().get("result").asInt()).isZero();
            Map<String, String> beforeForged = fixture.snapshot();
            assertContractRefusal(scheme + "<forged>", send(Target.DROP, ascii(scheme + forged), DROP_BODY), INVALID_TOKEN);
            assertThat(fixture.snapshot()).isEqualTo(beforeForged);
        }
        assertThat(fixture.liveEntries(ROOM)).containsOnlyKeys("c1", "c2");
    }

    /**
     * RFC 6750 allows one or more spaces after the scheme, and HTTP strips whitespace around a field value: a valid
     * token with whitespace around it is the same token, and is accepted; a forged one is still refused.
     */
    @Test
    void givenWhitespaceAroundAValidToken_drop_acceptsIt() {
        String valid = sign(claims(ROOM), ISSUER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256);
        for (String authorization : List.of("Bearer   " + valid, "  Bearer " + valid + "   ", "Bearer " + valid + "\t")) {
            RawHttp.Reply reply = send(Target.DROP, ascii(authorization), "{\"clientIds\":[\"nobody\"]}");
            assertThat(reply.status()).as("[%s]", authorization).isEqualTo(200);
            assertThat(reply.json().get("clients").get(0).get("status").asText()).isEqualTo("not-found");
        }
        assertThat(fixture.liveEntries(ROOM)).containsOnlyKeys("c1", "c2");
    }

    /** The control case: the seeded registry does change when a genuine token asks, so "unchanged" means refused. */
    @Test
    void givenGenuineTokens_dropAndCleanup_changeTheSeededRegistry() {
        RawHttp.Reply drop = send(Target.DROP, ascii("Bearer " + sign(claims(ROOM), ISSUER_KEY, "RS256")), DROP_BODY);
        assertThat(drop.status()).isEqualTo(200);
        assertThat(fixture.snapshot()).isNotEqualTo(before);
        Map<String, String> afterDrop = fixture.snapshot();

        RawHttp.Reply cleanup = send(Target.CLEANUP, ascii("Bearer " + sign(claims(null), ISSUER_KEY, "RS256")), "");
        assertThat(cleanup.status()).isEqualTo(200);
        assertThat(cleanup.json().get("ghostsRemoved").asInt()).isEqualTo(1);
        assertThat(cleanup.json().get("roomsClosed").asInt()).isEqualTo(1);
        assertThat(fixture.snapshot()).isNotEqualTo(afterDrop);
        assertThat(KEY_SERVER.requests()).isZero();
    }

    /** jku, x5u and kid are never followed, not even on a token the issuer really signed. */
    @Test
    void givenGenuineTokenWithJkuX5uAndKidHeaders_drop_isAcceptedWithoutFetchingAnything() {
        String token = sign(claims(ROOM), ISSUER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256, jws -> {
            jws.setHeader("jku", KEY_SERVER.url("/jwks.json"));
            jws.setHeader("x5u", KEY_SERVER.url("/cert.pem"));
            jws.setKeyIdHeaderValue(KEY_SERVER.url("/kid"));
        });

        RawHttp.Reply reply = send(Target.DROP, bearer(token), "{\"clientIds\":[\"nobody\"]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(KEY_SERVER.requests()).isZero();
    }

    /**
     * Past the contract's header limit (20 KiB, {@code HttpEdge}) the request is refused before any endpoint sees
     * it, even with a genuinely signed token, with the contract's JSON (CONTRACT §12): 431, result 1002.
     */
    @Test
    void givenAuthorizationHeaderOver20KiB_drop_isRefusedWith431AndTheContractJson() {
        String huge = sign(with(claims(ROOM), "pad", "x".repeat(24_000)), ISSUER_KEY, "RS256");

        RawHttp.Reply reply = send(Target.DROP, bearer(huge), DROP_BODY);

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.headers().get("content-type")).startsWith("application/json");
        assertThat(reply.json().get("result").asInt()).isEqualTo(1002);
        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    private void assertRefusedAndNothingChanged(Attack attack, Target target) {
        byte[] authorization = attack.authorization().apply(target);
        RawHttp.Reply reply = send(target, authorization, target.body);

        assertContractRefusal(attack.name() + " on " + target, reply, attack.result());
        assertThat(fixture.snapshot()).as("registry after %s", attack.name()).isEqualTo(before);
        assertThat(KEY_SERVER.requests()).as("requests to the key server a token pointed at").isZero();
    }

    private static void assertContractRefusal(String what, RawHttp.Reply reply, int result) {
        assertThat(reply.status()).as("%s: HTTP status; body %s", what, reply.text()).isEqualTo(result == UNAUTHORIZED ? 403 : 401);
        assertThat(reply.headers().get("content-type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("result").asInt()).isEqualTo(result);
        assertThat(body.get("msg").asText()).isEqualTo(result == UNAUTHORIZED ? "Unauthorized Access" : "Invalid Token");
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("requestId").asText()).isNotBlank();
    }

    private static RawHttp.Reply send(Target target, byte[] authorization, String body) {
        return RawHttp.post(RestAssured.port, target.path, authorization, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bearer(String token) {
        return ascii("Bearer " + token);
    }

    // ---------------------------------------------------------------- the attacks

    private static Map<String, Attack> attacks() {
        Map<String, Attack> all = new LinkedHashMap<>();
        Registrar add = (name, targets, result, token) -> all.put(name, new Attack(name, targets, result, token));

        // --- algorithm: none, key confusion, substitution, keys the token brings itself
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            String header = "{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}";
            add.attack("alg " + none + ", empty signature", none.equals("none") ? CLEANUP_ONLY : BOTH, INVALID_TOKEN,
                    t -> bearer(assemble(header, t.claims(), "")));
            add.attack("alg " + none + ", no signature segment", BOTH, INVALID_TOKEN, t -> {
                String unsigned = assemble(header, t.claims(), "");
                return bearer(unsigned.substring(0, unsigned.length() - 1));
            });
            add.attack("alg " + none + ", with the issuer's RS256 signature of the same input", BOTH, INVALID_TOKEN, t -> {
                String unsigned = assemble(header, t.claims(), "");
                String input = unsigned.substring(0, unsigned.length() - 1);
                return bearer(input + "." + issuerSignature(input));
            });
        }
        add.attack("HS256 keyed with the service's public key PEM bytes (key confusion)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), new org.jose4j.keys.HmacKey(ISSUER_PUBLIC_PEM), AlgorithmIdentifiers.HMAC_SHA256)));
        add.attack("HS256 keyed with the service's public key DER bytes (key confusion)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), new org.jose4j.keys.HmacKey(ISSUER_PUBLIC_KEY.getEncoded()),
                        AlgorithmIdentifiers.HMAC_SHA256)));
        add.attack("HS512 keyed with the service's public key PEM bytes (key confusion)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), new org.jose4j.keys.HmacKey(ISSUER_PUBLIC_PEM), AlgorithmIdentifiers.HMAC_SHA512)));
        add.attack("PS256 signed with the issuer's own key (algorithm substitution)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ISSUER_KEY, AlgorithmIdentifiers.RSA_PSS_USING_SHA256)));
        add.attack("RS512 signed with the issuer's own key (algorithm substitution)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ISSUER_KEY, AlgorithmIdentifiers.RSA_USING_SHA512)));
        add.attack("RS256 by the attacker's key, embedded as a jwk header", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ATTACKER_RSA.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
                        jws -> jws.setJwkHeader(publicJwk(ATTACKER_RSA.getPublic())))));
        add.attack("ES256 by the attacker's EC key, embedded as a jwk header", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ATTACKER_EC.getPrivate(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        jws -> jws.setJwkHeader(publicJwk(ATTACKER_EC.getPublic())))));
        add.attack("another 2048-bit key", CLEANUP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), OTHER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256)));
        add.attack("another 2048-bit key, kid naming the issuer's key", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), OTHER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256,
                        jws -> jws.setKeyIdHeaderValue("dropuser-issuer-1"))));
        add.attack("1024-bit RSA key", CLEANUP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), WEAK_KEY, AlgorithmIdentifiers.RSA_USING_SHA256)));
        add.attack("kid pointing at a key server", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ATTACKER_RSA.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
                        jws -> jws.setKeyIdHeaderValue(KEY_SERVER.url("/kid")))));
        add.attack("jku pointing at a key server", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ATTACKER_RSA.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
                        jws -> jws.setHeader("jku", KEY_SERVER.url("/jwks.json")))));
        add.attack("x5u pointing at a key server", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ATTACKER_RSA.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
                        jws -> jws.setHeader("x5u", KEY_SERVER.url("/cert.pem")))));
        add.attack("unknown crit header, signed by the issuer's key", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ISSUER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256, jws -> {
                    jws.setCriticalHeaderNames("urn:dropuser:must-understand");
                    jws.setHeader("urn:dropuser:must-understand", "yes");
                })));
        add.attack("JWE (5 segments, RSA-OAEP-256/A256GCM to the service's public key) of unsigned claims", BOTH,
                INVALID_TOKEN, t -> bearer(HostileTokens.encryptedToService(t.claims())));

        // --- time claims (skew is 30 s)
        add.attack("no iat", CLEANUP_ONLY, INVALID_TOKEN, t -> bearer(sign(without(t.claims(), "iat"), ISSUER_KEY, "RS256")));
        add.attack("no exp", BOTH, INVALID_TOKEN, t -> bearer(sign(without(t.claims(), "exp"), ISSUER_KEY, "RS256")));
        add.attack("neither iat nor exp", BOTH, INVALID_TOKEN,
                t -> bearer(sign(without(without(t.claims(), "exp"), "iat"), ISSUER_KEY, "RS256")));
        add.attack("iat 45 s in the future", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(with(t.claims(), "iat", now() + 45), "exp", now() + 600), ISSUER_KEY, "RS256")));
        add.attack("iat a year in the future", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(with(t.claims(), "iat", now() + 31_536_000L), "exp", now() + 31_536_300L), ISSUER_KEY, "RS256")));
        add.attack("iat as a string", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "iat", Long.toString(now())), ISSUER_KEY, "RS256")));
        add.attack("expired 31 s ago", CLEANUP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(with(with(t.claims(), "iat", now() - 600), "exp", now() - 31), ISSUER_KEY, "RS256")));
        add.attack("expired 61 s ago", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(with(t.claims(), "iat", now() - 600), "exp", now() - 61), ISSUER_KEY, "RS256")));
        add.attack("expired in 1970 (exp 1)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(with(t.claims(), "iat", 0L), "exp", 1L), ISSUER_KEY, "RS256")));
        add.attack("exp as a string", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "exp", Long.toString(now() + 300)), ISSUER_KEY, "RS256")));
        add.attack("exp 10 years ahead (no maximum lifetime)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "exp", now() + 315_360_000L), ISSUER_KEY, "RS256")));
        add.attack("exp at Long.MAX_VALUE", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "exp", Long.MAX_VALUE), ISSUER_KEY, "RS256")));
        add.attack("nbf 120 s in the future", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "nbf", now() + 120), ISSUER_KEY, "RS256")));
        add.attack("nbf a year in the future", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "nbf", now() + 31_536_000L), ISSUER_KEY, "RS256")));

        // --- issuer, audience, subject
        add.attack("wrong iss", CLEANUP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "iss", "https://evil.test"), ISSUER_KEY, "RS256")));
        add.attack("no iss", BOTH, INVALID_TOKEN, t -> bearer(sign(without(t.claims(), "iss"), ISSUER_KEY, "RS256")));
        add.attack("iss with a trailing slash", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "iss", "https://issuer.test/"), ISSUER_KEY, "RS256")));
        add.attack("wrong aud", CLEANUP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "aud", "other"), ISSUER_KEY, "RS256")));
        add.attack("no aud", BOTH, INVALID_TOKEN, t -> bearer(sign(without(t.claims(), "aud"), ISSUER_KEY, "RS256")));
        add.attack("aud array without ours", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "aud", List.of("dropuser-admin", "Dropuser")), ISSUER_KEY, "RS256")));
        add.attack("no sub", BOTH, INVALID_TOKEN, t -> bearer(sign(without(t.claims(), "sub"), ISSUER_KEY, "RS256")));
        add.attack("empty sub", BOTH, INVALID_TOKEN, t -> bearer(sign(with(t.claims(), "sub", ""), ISSUER_KEY, "RS256")));
        add.attack("blank sub", BOTH, INVALID_TOKEN, t -> bearer(sign(with(t.claims(), "sub", "   "), ISSUER_KEY, "RS256")));
        add.attack("sub as a number", BOTH, INVALID_TOKEN, t -> bearer(sign(with(t.claims(), "sub", 42), ISSUER_KEY, "RS256")));
        // CONTRACT §12: the internal actors' names are never a token's sub (their idempotency keys and rate counters
        // are their own: a token named "cleanup" could otherwise take the cleanup's session-end key first).
        add.attack("sub naming the cleanup", BOTH, INVALID_TOKEN, t -> bearer(sign(with(t.claims(), "sub", "cleanup"), ISSUER_KEY, "RS256")));
        add.attack("sub naming the webhook", BOTH, INVALID_TOKEN, t -> bearer(sign(with(t.claims(), "sub", "webhook"), ISSUER_KEY, "RS256")));

        // --- role and room (genuine tokens that grant nothing here: 5116)
        add.attack("groups missing", BOTH, UNAUTHORIZED, t -> bearer(sign(without(t.claims(), "groups"), ISSUER_KEY, "RS256")));
        add.attack("groups only participant", BOTH, UNAUTHORIZED,
                t -> bearer(sign(with(t.claims(), "groups", List.of("participant")), ISSUER_KEY, "RS256")));
        add.attack("groups with a differently cased role", BOTH, UNAUTHORIZED,
                t -> bearer(sign(with(t.claims(), "groups", List.of("Moderator", "SERVICE")), ISSUER_KEY, "RS256")));
        add.attack("moderator token for another room", DROP_ONLY, UNAUTHORIZED,
                t -> bearer(sign(with(t.claims(), "room", "r2"), ISSUER_KEY, "RS256")));
        add.attack("moderator token for the room id in another case", DROP_ONLY, UNAUTHORIZED,
                t -> bearer(sign(with(t.claims(), "room", "R1"), ISSUER_KEY, "RS256")));
        add.attack("moderator token for the room id with a trailing space", DROP_ONLY, UNAUTHORIZED,
                t -> bearer(sign(with(t.claims(), "room", ROOM + " "), ISSUER_KEY, "RS256")));
        add.attack("room claim as an object", DROP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "room", Map.of("id", ROOM)), ISSUER_KEY, "RS256")));
        add.attack("room claim empty", DROP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "room", ""), ISSUER_KEY, "RS256")));
        add.attack("room claim null", DROP_ONLY, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "room", null), ISSUER_KEY, "RS256")));

        // --- shape and encoding of the token and the header
        add.attack("token over 9 KiB", BOTH, INVALID_TOKEN,
                t -> bearer(sign(with(t.claims(), "pad", "x".repeat(6_700)), OTHER_KEY, "RS256")));
        add.attack("non-UTF-8 bytes in the payload segment", BOTH, INVALID_TOKEN, t -> {
            String token = sign(t.claims(), ISSUER_KEY, "RS256");
            int dot = token.indexOf('.');
            return concat(ascii("Bearer " + token.substring(0, dot + 5)), new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff},
                    ascii(token.substring(dot + 5)));
        });
        add.attack("non-UTF-8 bytes after a valid token", BOTH, INVALID_TOKEN,
                t -> concat(bearer(sign(t.claims(), ISSUER_KEY, "RS256")), new byte[] {(byte) 0xfe, (byte) 0xff}));
        add.attack("three segments of garbage", BOTH, INVALID_TOKEN, t -> bearer("!!!$$$.@@@%%%.###^^^"));
        add.attack("three segments of base64 garbage", BOTH, INVALID_TOKEN, t -> bearer("YWJj.ZGVm.Z2hp"));
        add.attack("four segments (a valid token plus one)", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), ISSUER_KEY, "RS256") + ".AAAA"));
        add.attack("two segments (signature removed with its dot)", BOTH, INVALID_TOKEN, t -> {
            String token = sign(t.claims(), ISSUER_KEY, "RS256");
            return bearer(token.substring(0, token.lastIndexOf('.')));
        });
        add.attack("signature segment emptied", BOTH, INVALID_TOKEN, t -> {
            String token = sign(t.claims(), ISSUER_KEY, "RS256");
            return bearer(token.substring(0, token.lastIndexOf('.') + 1));
        });
        add.attack("claims swapped under a genuine signature", BOTH, INVALID_TOKEN, t -> {
            String genuine = sign(with(t.claims(), "groups", List.of("participant")), ISSUER_KEY, "RS256");
            String escalated = sign(t.claims(), OTHER_KEY, "RS256");
            String[] g = genuine.split("\\.");
            String[] e = escalated.split("\\.");
            return bearer(g[0] + "." + e[1] + "." + g[2]);
        });
        add.attack("space inside the signature segment", BOTH, INVALID_TOKEN, t -> {
            String token = sign(t.claims(), ISSUER_KEY, "RS256");
            int at = token.lastIndexOf('.') + 20;
            return bearer(token.substring(0, at) + " " + token.substring(at));
        });
        add.attack("tab inside the payload segment", BOTH, INVALID_TOKEN, t -> {
            String token = sign(t.claims(), ISSUER_KEY, "RS256");
            int at = token.indexOf('.') + 10;
            return bearer(token.substring(0, at) + "\t" + token.substring(at));
        });
        add.attack("space after a dot", BOTH, INVALID_TOKEN, t -> {
            String token = sign(t.claims(), ISSUER_KEY, "RS256");
            int at = token.indexOf('.') + 1;
            return bearer(token.substring(0, at) + " " + token.substring(at));
        });
        add.attack("tab between scheme and token", BOTH, INVALID_TOKEN,
                t -> ascii("Bearer\t" + sign(t.claims(), ISSUER_KEY, "RS256")));
        add.attack("scheme without a space", BOTH, INVALID_TOKEN, t -> ascii("Bearer" + sign(t.claims(), ISSUER_KEY, "RS256")));
        add.attack("scheme only", BOTH, INVALID_TOKEN, t -> ascii("Bearer"));
        add.attack("scheme and spaces only", BOTH, INVALID_TOKEN, t -> ascii("Bearer    "));
        add.attack("two tokens in one header", BOTH, INVALID_TOKEN,
                t -> bearer(sign(t.claims(), OTHER_KEY, "RS256") + " " + sign(t.claims(), ISSUER_KEY, "RS256")));
        add.attack("token without a scheme", BOTH, INVALID_TOKEN, t -> ascii(sign(t.claims(), ISSUER_KEY, "RS256")));
        add.attack("another scheme (Token)", BOTH, INVALID_TOKEN, t -> ascii("Token " + sign(t.claims(), ISSUER_KEY, "RS256")));
        add.attack("no Authorization header", CLEANUP_ONLY, INVALID_TOKEN, t -> null);
        return all;
    }

    interface Registrar {
        void attack(String name, Set<Target> targets, int result, Function<Target, byte[]> authorization);
    }

    private static PublicJsonWebKey publicJwk(java.security.PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        return DropBodies.concat(parts);
    }

    /** A loopback HTTP server that counts every request and answers with the attacker's key set. */
    static final class KeyServer {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();

        private KeyServer(HttpServer server) {
            this.server = server;
        }

        static KeyServer start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                KeyServer keys = new KeyServer(server);
                byte[] jwks = ("{\"keys\":[" + publicJwk(ATTACKER_RSA.getPublic()).toJson() + "]}").getBytes(StandardCharsets.UTF_8);
                server.createContext("/", exchange -> {
                    keys.requests.incrementAndGet();
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    exchange.getResponseBody().write(jwks);
                    exchange.close();
                });
                server.start();
                return keys;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int requests() {
            return requests.get();
        }

        void stop() {
            server.stop(0);
        }
    }
}
