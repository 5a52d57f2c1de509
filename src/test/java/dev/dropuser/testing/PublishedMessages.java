package dev.dropuser.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Everything published on the test Redis (PSUBSCRIBE *), as the signaling tier would receive it. */
public final class PublishedMessages implements AutoCloseable {
    public record Message(String channel, byte[] payload) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
    private final Redis client;
    private final RedisConnection connection;

    private PublishedMessages(Redis client, RedisConnection connection) {
        this.client = client;
        this.connection = connection;
    }

    public static PublishedMessages subscribe(Vertx vertx, String redisUrl) {
        try {
            Redis client = Redis.createClient(vertx, redisUrl);
            RedisConnection connection = client.connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            PublishedMessages messages = new PublishedMessages(client, connection);
            connection.handler(messages::onPush);
            connection.send(Request.cmd(Command.PSUBSCRIBE).arg("*"))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            return messages;
        } catch (Exception e) {
            throw new IllegalStateException("cannot subscribe", e);
        }
    }

    /** Called for every message from now on (e.g. a fake signaling node). */
    public void onMessage(Consumer<Message> listener) {
        listeners.add(listener);
    }

    public List<Message> all() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
    }

    /** Waits until {@code count} messages match, and returns them. */
    public List<Message> await(Predicate<Message> matching, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<Message> found = received.stream().filter(matching).toList();
            if (found.size() >= count || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    private void onPush(Response push) {
        if (push.size() == 4 && "pmessage".equals(push.get(0).toString())) {
            Message message = new Message(push.get(2).toString(), push.get(3).toBytes());
            received.add(message);
            listeners.forEach(listener -> listener.accept(message));
        }
    }

    @Override
    public void close() {
        connection.close();
        client.close();
    }
}
