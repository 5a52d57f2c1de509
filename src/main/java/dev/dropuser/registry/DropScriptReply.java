package dev.dropuser.registry;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that reads what drop.lua and retry.lua answer: {@code {"applied", clients, deferred}} or a
 * one-word refusal (the scripts' headers list them).
 */
sealed interface DropScriptReply {

    /**
     * The script ran and changed what it had to.
     *
     * @param clients  retry.lua: one per client it settled, in order; drop.lua: on a Redis Cluster only, its published
     *                 clients (their report is {@code items})
     * @param deferred on a Redis Cluster, the commands outside the room's slot the caller must send now, in order
     * @param items    drop.lua's report items as a JSON array (the audit entry's {@code clients}); empty from retry.lua
     */
    record Applied(List<Client> clients, List<Request> deferred, String items) implements DropScriptReply {
    }

    /**
     * One client in an {@link Applied} reply.
     *
     * @param word what happened, in the script's word: a {@code ClientStatus} wire word (drop.lua) or a retry
     *             outcome word (retry.lua)
     * @param node the signaling node of its live entry, or {@code ""} when nothing was published
     */
    record Client(String clientId, String word, String node) {
    }

    /** The same idempotency key and request were seen before: {@code answer} is what that request stored. */
    record Replay(String answer) implements DropScriptReply {
    }

    /** The idempotency key was used with another request. */
    record Conflict() implements DropScriptReply {
    }

    /** Over a rate limit: nothing was done. */
    record Limited(long retryAfterMillis) implements DropScriptReply {
    }

    /** The script ran after the caller's deadline and changed nothing. */
    record Expired() implements DropScriptReply {
    }

    static DropScriptReply read(Response reply) {
        String kind = reply.get(0).toString();
        return switch (kind) {
            case "applied" -> new Applied(clients(reply.get(1)), deferred(reply.get(2)),
                    reply.size() > 3 ? reply.get(3).toString() : "");
            case "replay" -> new Replay(reply.get(1).toString());
            case "conflict" -> new Conflict();
            case "limited" -> new Limited(reply.get(1).toLong());
            case "expired" -> new Expired();
            default -> throw new IllegalStateException("unexpected script reply " + kind);
        };
    }

    /** {@code id, word, node} per client. */
    private static List<Client> clients(Response flat) {
        List<Client> clients = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            clients.add(new Client(flat.get(i).toString(), flat.get(i + 1).toString(), flat.get(i + 2).toString()));
        }
        return clients;
    }

    /** {@code argc, command, args…} per command. */
    private static List<Request> deferred(Response flat) {
        List<Request> commands = new ArrayList<>();
        for (int i = 0; i < flat.size(); ) {
            int argc = flat.get(i).toInteger();
            Request request = Request.cmd(Command.create(flat.get(i + 1).toString()));
            for (int a = 2; a <= argc; a++) {
                request.arg(flat.get(i + a).toBytes());
            }
            commands.add(request);
            i += 1 + argc;
        }
        return commands;
    }
}
