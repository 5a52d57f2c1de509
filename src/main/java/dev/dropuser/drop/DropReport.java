package dev.dropuser.drop;

import java.util.List;

/** The successful answer to a drop request: one report per client, in request order. */
public record DropReport(String requestId, String roomId, List<ClientReport> clients) {

    public DropReport {
        clients = List.copyOf(clients);
    }
}
