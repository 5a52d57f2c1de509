package dev.dropuser.testing;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import java.util.List;
import java.util.Map;

/** Writes and reads the registry the way the signaling tier does (CONTRACT §4), for assertions. */
public final class RoomFixture {
    public static final String PREFIX = "dropuser:";
    private final RedisDataSource redis;

    public RoomFixture(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Empties the tests' own Redis (never a Redis the tests did not start). */
    public void reset() {
        redis.flushall();
    }

    public void join(String room, String clientId, String node, String sid, String userRef, String role) {
        String entry = "{\"node\":\"" + node + "\",\"sid\":\"" + sid + "\",\"userRef\":\"" + userRef
                + "\",\"role\":\"" + role + "\",\"joinedAt\":1764230400000}";
        putRaw(room, clientId, entry);
    }

    public void putRaw(String room, String clientId, String rawEntry) {
        redis.hash(String.class).hset(live(room), clientId, rawEntry);
    }

    public void heartbeat(String node) {
        redis.value(String.class).setex(PREFIX + "node:" + node, 15, "alive");
    }

    public Map<String, String> liveEntries(String room) {
        return redis.hash(String.class).hgetall(live(room));
    }

    public Map<String, String> dropping(String room) {
        return redis.hash(String.class).hgetall(PREFIX + "room:{" + room + "}:dropping");
    }

    public List<ScoredValue<String>> bans(String room) {
        return redis.sortedSet(String.class).zrangeWithScores(PREFIX + "room:{" + room + "}:bans", 0, -1);
    }

    /** Writes the optional users index the way the reference signaling node keeps it: userRef → JSON array of client ids. */
    public void indexUser(String room, String userRef, String... clientIds) {
        StringBuilder ids = new StringBuilder("[");
        for (int i = 0; i < clientIds.length; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(clientIds[i]).append('"');
        }
        redis.hash(String.class).hset(PREFIX + "room:{" + room + "}:users", userRef, ids.append(']').toString());
    }

    public void ban(String room, String userRef, long until) {
        redis.sortedSet(String.class).zadd(PREFIX + "room:{" + room + "}:bans", until, userRef);
    }

    /** The room's audit trail, oldest first: each entry's fields, with its id under {@code "id"}. */
    public List<Map<String, String>> audit(String room) {
        List<Map<String, String>> entries = new java.util.ArrayList<>();
        for (var entry : redis.execute("XRANGE", PREFIX + "room:{" + room + "}:audit", "-", "+")) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            fields.put("id", entry.get(0).toString());
            var flat = entry.get(1);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
            }
            entries.add(fields);
        }
        return entries;
    }

    /** The key's expiry as epoch ms (PEXPIRETIME), -1 without one, -2 when the key does not exist. */
    public long expiresAt(String key) {
        return redis.execute("PEXPIRETIME", key).toLong();
    }

    public static String bansKey(String room) {
        return PREFIX + "room:{" + room + "}:bans";
    }

    /** Every key and value in the test Redis, to prove a refused request changed nothing. */
    public Map<String, String> snapshot() {
        Map<String, String> all = new java.util.TreeMap<>();
        for (String key : redis.key(String.class).keys("*")) {
            all.put(key, String.valueOf(redis.execute("DUMP", key)));
        }
        return all;
    }

    public static String live(String room) {
        return PREFIX + "room:{" + room + "}:live";
    }
}
