package dev.dropuser.testing;

/** A test profile that brings its own Redis (e.g. a cluster): the global {@link TestRedis} stays out of it. */
public interface UsesOwnRedis {
}
