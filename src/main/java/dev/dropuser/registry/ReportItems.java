package dev.dropuser.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Report items as JSON (CONTRACT §11.1): {@code {"clientId","userRef","status","banUntil"}}, clientId absent for a
 * listed user without a live entry, userRef and banUntil only when they apply. drop.lua writes them (lib.lua's
 * {@code item_json}); stored answers keep the same shape.
 */
final class ReportItems {
    private ReportItems() {
    }

    static List<ClientReport> read(JsonNode items) {
        List<ClientReport> clients = new ArrayList<>(items.size());
        items.forEach(item -> clients.add(item(item)));
        return clients;
    }

    static ClientReport item(JsonNode item) {
        return new ClientReport(
                item.hasNonNull("clientId") ? item.get("clientId").asText() : null,
                item.hasNonNull("userRef") ? Optional.of(item.get("userRef").asText()) : Optional.empty(),
                ClientStatus.ofWire(item.get("status").asText()),
                item.hasNonNull("banUntil") ? OptionalLong.of(item.get("banUntil").asLong()) : OptionalLong.empty());
    }

}
