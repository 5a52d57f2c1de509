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
