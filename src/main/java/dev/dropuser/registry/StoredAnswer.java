package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropReport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads an idempotent request's stored answer, written by the drop script (lib.lua's {@code answer_keeper}):
 * {@code {"requestId", "items"}}, where an item is a status word for the next client id the request named, or a
 * whole report item ({@link ReportItems}).
 */
final class StoredAnswer {
    private final ObjectMapper json;

    StoredAnswer(ObjectMapper json) {
        this.json = json;
    }

    /** The answer to {@code order}'s first run: the repeat names the same clients, its fingerprint says so. */
    DropReport read(String stored, DropOrder order) {
        try {
            JsonNode node = json.readTree(stored);
            Iterator<String> named = order.clientIds().iterator();
            List<ClientReport> clients = new ArrayList<>();
            for (JsonNode item : node.path("items")) {
                clients.add(item.isTextual()
                        ? new ClientReport(named.next(), ClientStatus.ofWire(item.asText()))
                        : ReportItems.item(item));
            }
            return new DropReport(node.get("requestId").asText(), order.roomId(), clients);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable idempotent answer", e);
        }
    }
}
