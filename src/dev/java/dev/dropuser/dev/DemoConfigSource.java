package dev.dropuser.dev;

import io.quarkus.runtime.LaunchMode;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In dev mode only, and only where the operator set nothing: an embedded Redis for
 * {@code quarkus.redis.hosts} and a demo key for {@code mp.jwt.verify.publickey}. Any other launch mode
 * (prod, test) sees no value from here.
 */
public class DemoConfigSource implements ConfigSource {
    static final String REDIS_HOSTS = "quarkus.redis.hosts";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    /** Below application.properties (250) and the environment (300): whatever an operator sets wins. */
    private static final int ORDINAL = 150;

    @Override
    public Set<String> getPropertyNames() {
        return active() ? Set.of(REDIS_HOSTS, PUBLIC_KEY) : Set.of();
    }

    @Override
    public String getValue(String name) {
        if (!active()) {
            return null;
        }
        return switch (name) {
            case REDIS_HOSTS -> DemoEnvironment.redisUrl();
            case PUBLIC_KEY -> DemoEnvironment.publicKeyPem();
            default -> null;
        };
    }

    @Override
    public String getName() {
        return "dropuser-dev-demo";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    private static boolean active() {
        return LaunchMode.current() == LaunchMode.DEVELOPMENT;
    }
}
