package dev.dropuser.auth;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a packaged service that would not check who calls it: SmallRye JWT silently skips the
 * issuer and audience checks when they are not configured (CONTRACT §1 requires both).
 */
@Singleton
class TokenSettingsCheck {

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<List<String>> audiences,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (issuer.isEmpty()) {
            missing.add("MP_JWT_VERIFY_ISSUER");
        }
        if (audiences.isEmpty()) {
            missing.add("MP_JWT_VERIFY_AUDIENCES");
        }
        if (key.isEmpty() && keyLocation.isEmpty()) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("dropuser will not start without token verification settings: set " + missing);
        }
    }
}
