package dev.dropuser.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real socket.io clients of one test: joined through signaling nodes, all closed at the end. */
public final class Participants implements AutoCloseable {
    public static final Duration PATIENCE = Duration.ofSeconds(5);
    private final RoomFixture registry;
    private final List<SocketIoParticipant> joined = new ArrayList<>();

    public Participants(RoomFixture registry) {
        this.registry = registry;
    }

    public SocketIoParticipant join(SignalingNodeProcess node, String room, String clientId, String userRef, String role) {
        SocketIoParticipant participant = SocketIoParticipant.join(node.url(), room, clientId, userRef, role);
        joined.add(participant);
        return participant;
    }

    /** Waits until the signaling nodes registered these clients in the room's live hash. */
    public void awaitRegistered(String room, String... clientIds) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!registry.liveEntries(room).keySet().containsAll(List.of(clientIds)) && System.nanoTime() < deadline) {
            pause(10);
        }
        assertThat(registry.liveEntries(room)).as("registered by the signaling nodes").containsKeys(clientIds);
    }

    /** Asserts the client got {@code room-disconnected} and then the server's disconnect, and nothing else. */
    public static void assertDropped(SocketIoParticipant participant, String causeMsg) {
        assertThat(participant.await(events -> events.contains("disconnect:io server disconnect"), PATIENCE))
                .as("%s's events: %s", participant.clientId(), participant.events()).isTrue();
        assertThat(participant.events()).containsExactly("connect", "room-disconnected", "disconnect:io server disconnect");
        assertThat(participant.disconnectPayload().path("cause").path("msg").asText()).isEqualTo(causeMsg);
        assertThat(participant.disconnectPayload().path("clientId").asText()).isEqualTo(participant.clientId());
    }

    /** Asserts the client is still connected and saw nothing but its own connect. */
    public static void assertUntouched(SocketIoParticipant participant) {
        assertThat(participant.connected()).as("%s connected", participant.clientId()).isTrue();
        assertThat(participant.events()).containsExactly("connect");
    }

    /** Waits up to {@link #PATIENCE} for {@code condition}, then asserts it. */
    public static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            pause(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", PATIENCE).isTrue();
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        joined.forEach(SocketIoParticipant::close);
    }
}
