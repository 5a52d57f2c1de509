package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The first answer to an idempotent request, as the idempotency record stores it after its fingerprint:
 * {@code {"requestId","roomId","clients":[{"clientId","status"}]}}, statuses in their wire words.
 */
final class StoredAnswer {
    private final ObjectMapper json;

    StoredAnswer(ObjectMapper json) {
        this.json = json;
    }

    String write(DropReport report) {
        ObjectNode stored = json.createObjectNode().put("requestId", report.requestId()).put("roomId", report.roomId());
        var clients = stored.putArray("clients");
        ReportItems.write(report.clients(), clients);
        return stored.toString();
    }

    DropReport read(String stored) {
        try {
            JsonNode node = json.readTree(stored);
            List<ClientReport> clients = ReportItems.read(node.get("clients"));
            return new DropReport(node.get("requestId").asText(), node.get("roomId").asText(), clients);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable idempotent answer", e);
        }
    }
}
