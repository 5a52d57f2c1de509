package dev.dropuser.security;

import dev.dropuser.testing.Tokens;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Tokens an adversary can mint: any header, any claims, any algorithm and key, or no signature at all. Built with
 * jose4j directly, so that nothing "helpfully" fixes them.
 */
final class HostileTokens {
    static final PrivateKey ISSUER_KEY = privateKey("test-keys/privateKey.pem");
    static final PrivateKey OTHER_KEY = privateKey("test-keys/otherPrivateKey.pem");
    static final PrivateKey WEAK_KEY = privateKey("test-keys/weak1024PrivateKey.pem");
    static final PublicKey ISSUER_PUBLIC_KEY = publicKey("test-keys/publicKey.pem");
    /** The service's verification key exactly as the PEM file holds it: the HS256 key-confusion secret. */
    static final byte[] ISSUER_PUBLIC_PEM = resource("test-keys/publicKey.pem");
    static final KeyPair ATTACKER_RSA = generate("RSA", null);
    static final KeyPair ATTACKER_EC = generate("EC", new ECGenParameterSpec("secp256r1"));

    private HostileTokens() {
    }

    /** The claims of a token that would be accepted if signed by the issuer: a moderator of {@code room}, or a service. */
    static Map<String, Object> claims(String room) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", Tokens.ISSUER);
        claims.put("aud", Tokens.AUDIENCE);
        claims.put("sub", room == null ? "svc-attacker" : "u-attacker");
        claims.put("groups", List.of(room == null ? "service" : "moderator"));
        if (room != null) {
            claims.put("room", room);
        }
        claims.put("iat", now);
        claims.put("exp", now + 300);
        return claims;
    }

    static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.put(name, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.remove(name);
        return copy;
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static String sign(Map<String, Object> claims, Key key, String algorithm) {
        return sign(claims, key, algorithm, jws -> {
        });
    }

    /** A JWS over {@code claims} with {@code key} and {@code algorithm}; {@code headers} adds header parameters. */
    static String sign(Map<String, Object> claims, Key key, String algorithm, Consumer<JsonWebSignature> headers) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JsonUtil.toJson(claims));
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        headers.accept(jws);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code base64url(header).base64url(claims).signature}, with the header written as given. */
    static String assemble(String headerJson, Map<String, Object> claims, String signature) {
        return b64(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + b64(JsonUtil.toJson(claims).getBytes(StandardCharsets.UTF_8))
                + "." + signature;
    }

    /** The issuer's RS256 signature over {@code header.payload} exactly as given. */
    static String issuerSignature(String signingInput) {
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(ISSUER_KEY);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return b64(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact JWE (five segments) of the plain claims, encrypted to the service's own public key. */
    static String encryptedToService(Map<String, Object> claims) {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setPlaintext(JsonUtil.toJson(claims));
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKey(ISSUER_PUBLIC_KEY);
        try {
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(Map<String, ?> map) {
        return JsonUtil.toJson(map);
    }

    private static PrivateKey privateKey(String location) {
        try {
            return KeyUtils.readPrivateKey(location);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey publicKey(String location) {
        try {
            return KeyUtils.readPublicKey(location);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String location) {
        try (InputStream in = HostileTokens.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + location);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, java.security.spec.AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
