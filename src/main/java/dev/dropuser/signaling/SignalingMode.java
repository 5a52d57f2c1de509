package dev.dropuser.signaling;

/** How disconnects reach the signaling tier ({@code dropuser.signaling.mode}, CONTRACT §6). */
public enum SignalingMode {
    /** Classic {@code @socket.io/redis-adapter}: PUBLISH an event frame, then a disconnect request. */
    SOCKETIO,
    /** Sharded {@code @socket.io/redis-adapter} on Redis 7 (SPUBLISH). */
    SOCKETIO_SHARDED,
    /** {@code @socket.io/redis-streams-adapter} (XADD). */
    SOCKETIO_STREAMS,
    /** One versioned JSON message per signaling node on {@code <prefix>signal:<nodeId>}. */
    JSON
}
