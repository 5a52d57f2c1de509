package dev.dropuser.cleanup;

/** What one cleanup run did (CONTRACT §8). */
public record SweepReport(int roomsClosed, int retried, int ghostsRemoved) {

    SweepReport plus(SweepReport other) {
        return new SweepReport(roomsClosed + other.roomsClosed, retried + other.retried, ghostsRemoved + other.ghostsRemoved);
    }
}
