package dev.dropuser.dev;

import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import redis.embedded.RedisServer;

/**
 * The local demo's embedded Redis and throw-away key pair, created once per JVM. Dev mode loads application
 * classes more than once (build, run, each live reload), so the state lives in system properties, which
 * every class loader of the JVM shares, rather than in static fields.
 */
final class DemoEnvironment {
    private static final String REDIS_URL = "dev.dropuser.demo.redis-url";
    private static final String PUBLIC_KEY = "dev.dropuser.demo.public-key";
    private static final String PRIVATE_KEY = "dev.dropuser.demo.private-key";

    private DemoEnvironment() {
    }

    /** The URL of the embedded Redis, started on a free loopback port the first time it is asked for. */
    static synchronized String redisUrl() {
        String url = System.getProperty(REDIS_URL);
        if (url == null) {
            int port = freePort();
            try {
                RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                        .setting("save \"\"").setting("appendonly no").build();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (IOException ignored) {
                        // the JVM is going away; the child process goes with it
                    }
                }, "demo-redis-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the demo's embedded Redis", e);
            }
            url = "redis://127.0.0.1:" + port;
            System.setProperty(REDIS_URL, url);
        }
        return url;
    }

    /** The demo issuer's public key, PEM, created with its private key the first time it is asked for. */
    static synchronized String publicKeyPem() {
        if (System.getProperty(PUBLIC_KEY) == null) {
            try {
                KeyPair pair = KeyUtils.generateKeyPair(2048);
                Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes());
                System.setProperty(PUBLIC_KEY, "-----BEGIN PUBLIC KEY-----\n"
                        + base64.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----");
                System.setProperty(PRIVATE_KEY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create the demo key pair", e);
            }
        }
        return System.getProperty(PUBLIC_KEY);
    }

    /** The private half of {@link #publicKeyPem()}: it never leaves this JVM. */
    static PrivateKey privateKey() {
        publicKeyPem();
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(System.getProperty(PRIVATE_KEY));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable demo key", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
