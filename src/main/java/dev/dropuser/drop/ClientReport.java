package dev.dropuser.drop;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome for one client of a drop request, or for one listed user without a live entry (CONTRACT §11.1).
 *
 * @param clientId the client; {@code null} only for a listed user without a live entry
 * @param userRef  the client's user, when the request listed that user or banned it
 * @param status   what happened
 * @param banUntil epoch ms until which this request banned the user, when it did
 */
public record ClientReport(String clientId, Optional<String> userRef, ClientStatus status, OptionalLong banUntil) {

    public ClientReport(String clientId, ClientStatus status) {
        this(clientId, Optional.empty(), status, OptionalLong.empty());
    }

    public ClientReport withStatus(ClientStatus newStatus) {
        return new ClientReport(clientId, userRef, newStatus, banUntil);
    }
}
