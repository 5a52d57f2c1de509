package dev.dropuser.webhook;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The webhook tests' secrets, as configuration that exists only on the test classpath (registered in
 * src/test/resources/META-INF/services): they are never in the service's jar, so no profile of a packaged service
 * can accept them. (Quarkus ignores an application-test.properties that has no application.properties beside it.)
 * The first is the Standard Webhooks spec's own test secret, the second one for rotation.
 */
public class TestWebhookSecrets implements ConfigSource {
    private static final Map<String, String> SECRETS = Map.of("dropuser.webhook.secrets",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=");

    @Override
    public Set<String> getPropertyNames() {
        return SECRETS.keySet();
    }

    @Override
    public String getValue(String name) {
        return SECRETS.get(name);
    }

    @Override
    public String getName() {
        return "dropuser test webhook secrets";
    }

    /** The same as application.properties: an environment variable set for a test run still wins. */
    @Override
    public int getOrdinal() {
        return 250;
    }
}
