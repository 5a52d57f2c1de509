package dev.dropuser.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of a registry script, in the shape lib.lua's {@code read_args} reads: {@code ARGV[1]} a JSON object of
 * named settings, then the signaling mode's parts, then the client ids.
 */
record ScriptCall(List<String> keys, ObjectNode settings, List<byte[]> parts, List<String> clientIds) {

    List<Object> argv() {
        List<Object> argv = new ArrayList<>(1 + parts.size() + clientIds.size());
        argv.add(settings.put("parts", parts.size()).toString());
        argv.addAll(parts);
        argv.addAll(clientIds);
        return argv;
    }

    Uni<Response> run(LuaScript script, Redis redis) {
        return script.run(redis, keys, argv());
    }
}
