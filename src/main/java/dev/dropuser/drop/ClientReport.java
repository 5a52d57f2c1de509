package dev.dropuser.drop;

/** The outcome for one client of a drop request. */
public record ClientReport(String clientId, ClientStatus status) {

    public ClientReport withStatus(ClientStatus newStatus) {
        return new ClientReport(clientId, newStatus);
    }
}
