package dev.dropuser.drop;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Waits without blocking a thread: completes after {@code delay}. */
@FunctionalInterface
public interface Sleeper {
    CompletionStage<Void> sleep(Duration delay);
}
