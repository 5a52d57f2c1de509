package dev.dropuser.bench;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Measures what verifying one bearer token costs the service, for RS256 (RSA 2048, the default) and ES256
 * (P-256): the whole check the service runs through SmallRye JWT (signature, algorithm, iss, aud, exp, iat,
 * required claims, claims parsed), and the bare signature check alone, to show how much of it is crypto.
 * Keys are made in memory for each run; nothing is read from or written to disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerification {
    private static final String ISSUER = "https://issuer.bench";
    private static final String AUDIENCE = "dropuser";

    private Algorithm rs256;
    private Algorithm es256;

    /** One algorithm's key, token, configured parser, and a JDK signature over the same signing input. */
    private record Algorithm(DefaultJWTParser parser, String token, String jdkName, PublicKey key,
            byte[] signingInput, byte[] jdkSignature) {

        static Algorithm of(KeyPair keys, String jwsAlgorithm, SignatureAlgorithm expected, String jdkName)
                throws GeneralSecurityException, JoseException {
            long now = System.currentTimeMillis() / 1000;
            // A token valid for the whole run (JMH runs take minutes at most).
            String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"mod-1\","
                    + "\"groups\":[\"moderator\"],\"room\":\"r1\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims);
            jws.setAlgorithmHeaderValue(jwsAlgorithm);
            jws.setHeader("typ", "JWT");
            jws.setKey(keys.getPrivate());
            String token = jws.getCompactSerialization();

            // The same settings the service sets in application.properties.
            JWTAuthContextInfo context = new JWTAuthContextInfo(keys.getPublic(), ISSUER);
            context.setExpectedAudience(Set.of(AUDIENCE));
            context.setSignatureAlgorithm(Set.of(expected));
            context.setRequiredClaims(Set.of("exp", "iat", "sub"));
            context.setClockSkew(30);
            context.setRelaxVerificationKeyValidation(false);

            byte[] input = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
            return new Algorithm(new DefaultJWTParser(context), token, jdkName, keys.getPublic(), input,
                    sign(jdkName, keys.getPrivate(), input));
        }

        JsonWebToken verifyToken() throws ParseException {
            return parser.parse(token);
        }

        boolean verifySignature() throws GeneralSecurityException {
            Signature signature = Signature.getInstance(jdkName);
            signature.initVerify(key);
            signature.update(signingInput);
            return signature.verify(jdkSignature);
        }

        private static byte[] sign(String jdkName, PrivateKey key, byte[] input) throws GeneralSecurityException {
            Signature signature = Signature.getInstance(jdkName);
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        }
    }

    @Setup
    public void makeKeysAndTokens() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rs256 = Algorithm.of(rsa.generateKeyPair(), AlgorithmIdentifiers.RSA_USING_SHA256, SignatureAlgorithm.RS256,
                "SHA256withRSA");

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        es256 = Algorithm.of(ec.generateKeyPair(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                SignatureAlgorithm.ES256, "SHA256withECDSA");

        // A benchmark of a token that fails would measure the failure path: refuse to start instead.
        for (Algorithm algorithm : new Algorithm[] {rs256, es256}) {
            if (!"mod-1".equals(algorithm.verifyToken().getSubject()) || !algorithm.verifySignature()) {
                throw new IllegalStateException("the " + algorithm.jdkName() + " token does not verify");
            }
        }
    }

    @Benchmark
    public JsonWebToken rs256Token() throws ParseException {
        return rs256.verifyToken();
    }

    @Benchmark
    public JsonWebToken es256Token() throws ParseException {
        return es256.verifyToken();
    }

    @Benchmark
    public boolean rs256SignatureOnly() throws GeneralSecurityException {
        return rs256.verifySignature();
    }

    @Benchmark
    public boolean es256SignatureOnly() throws GeneralSecurityException {
        return es256.verifySignature();
    }
}
