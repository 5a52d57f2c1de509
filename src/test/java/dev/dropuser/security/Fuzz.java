package dev.dropuser.security;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small, seeded property runner: edge cases first, then generated cases, each from its own {@code Random}
 * derived from one seed, so that a failure names the seed that reproduces it. Byte-array inputs are shrunk
 * before they are reported.
 *
 * <p>CI runs a bounded campaign. A longer one, by hand:
 * {@code ./mvnw -B test -Dtest='*Property*' -Dfuzz.tries=100000 -Dfuzz.http-tries=5000}
 * (and {@code -Dfuzz.seed=<seed>} to replay a reported failure).
 */
public final class Fuzz {
    /** Tries of each pure (in-JVM) property; overrides the per-property default. */
    public static final String TRIES = "fuzz.tries";
    /** Tries of each property that goes over HTTP. */
    public static final String HTTP_TRIES = "fuzz.http-tries";
    /** The seed to replay. */
    public static final String SEED = "fuzz.seed";

    private static final AtomicLong EXECUTED = new AtomicLong();
    private static final int MAX_SHRINK_STEPS = 2_000;

    private Fuzz() {
    }

    /** How many generated cases a pure property runs. */
    public static int tries(int ciDefault) {
        return Integer.getInteger(TRIES, ciDefault);
    }

    /** How many generated cases an HTTP property runs. */
    public static int httpTries(int ciDefault) {
        return Integer.getInteger(HTTP_TRIES, ciDefault);
    }

    /** Every case any property ran in this JVM, edge cases included. */
    public static long executed() {
        return EXECUTED.get();
    }

    /**
     * Runs {@code property} on every edge case and on {@code tries} generated cases; an {@link AssertionError} or
     * any other throwable from the property fails the run with the seed, the case number and the input.
     *
     * @return the number of cases run
     */
    public static <T> int check(String name, int tries, List<T> edgeCases, Function<Random, T> generator,
            Consumer<T> property, Function<T, String> describe) {
        long seed = Long.getLong(SEED, new Random().nextLong());
        int run = 0;
        for (T edge : edgeCases) {
            verify(name, "edge case " + run, seed, edge, property, describe);
            run++;
        }
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(new Random(mix(seed, i)));
            verify(name, "try " + i, seed, input, property, describe);
            run++;
        }
        EXECUTED.addAndGet(run);
        System.out.printf("[fuzz] %s: %d cases passed (%d edge cases, %d generated, seed %d)%n",
                name, run, edgeCases.size(), tries, seed);
        return run;
    }

    /** {@link #check} for byte-array inputs, with a failing input shrunk to a smaller one that still fails. */
    public static int checkBytes(String name, int tries, List<byte[]> edgeCases, Function<Random, byte[]> generator,
            Consumer<byte[]> property) {
        return check(name, tries, edgeCases, generator, input -> {
            Throwable failure = failureOf(property, input);
            if (failure != null) {
                byte[] smallest = shrink(input, property);
                throw new AssertionError("fails on " + input.length + " bytes; shrunk to " + smallest.length
                        + " bytes: " + show(smallest) + " -> " + failureOf(property, smallest), failure);
            }
        }, Fuzz::show);
    }

    /** A readable rendering of bytes: the text where printable, hex otherwise, bounded. */
    public static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        boolean printable = true;
        for (byte b : bytes) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable && bytes.length <= 600) {
            return '"' + new String(bytes, java.nio.charset.StandardCharsets.US_ASCII) + '"';
        }
        byte[] head = bytes.length <= 300 ? bytes : java.util.Arrays.copyOf(bytes, 300);
        return "hex(" + bytes.length + " bytes)=" + HexFormat.of().formatHex(head) + (head.length < bytes.length ? "…" : "");
    }

    private static <T> void verify(String name, String which, long seed, T input, Consumer<T> property,
            Function<T, String> describe) {
        Throwable failure = failureOf(property, input);
        if (failure != null) {
            String shown;
            try {
                shown = describe.apply(input);
            } catch (RuntimeException e) {
                shown = String.valueOf(input);
            }
            throw new AssertionError("property '" + name + "' failed on " + which + " (replay with -D" + SEED + "="
                    + seed + "); input: " + shown + "; " + failure, failure);
        }
    }

    private static <T> Throwable failureOf(Consumer<T> property, T input) {
        try {
            property.accept(input);
            return null;
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError error && !(failure instanceof StackOverflowError)) {
                throw error;
            }
            return failure;
        }
    }

    /** Greedy delta shrinking: drop chunks (halves down to single bytes) while the property keeps failing. */
    private static byte[] shrink(byte[] failing, Consumer<byte[]> property) {
        byte[] current = failing;
        int steps = 0;
        for (int chunk = Math.max(1, current.length / 2); chunk >= 1 && steps < MAX_SHRINK_STEPS; chunk /= 2) {
            boolean progress = true;
            while (progress && steps < MAX_SHRINK_STEPS) {
                progress = false;
                for (int from = 0; from + chunk <= current.length && steps < MAX_SHRINK_STEPS; from += chunk) {
                    byte[] candidate = without(current, from, chunk);
                    steps++;
                    if (failureOf(property, candidate) != null) {
                        current = candidate;
                        progress = true;
                        break;
                    }
                }
            }
            if (chunk == 1) {
                break;
            }
        }
        return current;
    }

    private static byte[] without(byte[] bytes, int from, int length) {
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(bytes, from + length, out, from, bytes.length - from - length);
        return out;
    }

    /** SplitMix64 of seed and index: independent, reproducible streams per case. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Picks one of {@code options}. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    /** A list of {@code count} elements from {@code element}. */
    public static <T> List<T> listOf(Random random, int count, Function<Random, T> element) {
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(element.apply(random));
        }
        return out;
    }
}
