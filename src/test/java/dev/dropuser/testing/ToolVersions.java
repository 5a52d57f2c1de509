package dev.dropuser.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the programs the tests run as child processes: redis-server 7 or newer (the sharded mode's SPUBLISH) and
 * Node.js 20 or newer (the reference signaling node, the browser test). A missing or older one stops the tests with
 * one line naming the Debian package, rather than hundreds of failures later.
 */
public final class ToolVersions {
    /** A program on the PATH, the oldest major version the tests accept, and where it comes from. */
    public record Tool(String command, String name, int minimumMajor, String install, Pattern version) {
        /** The one line the tests fail with when {@code versionOutput} (absent: no such program) is not good enough. */
        public Optional<String> refusal(Optional<String> versionOutput) {
            String found;
            if (versionOutput.isEmpty()) {
                found = "found none on the PATH";
            } else {
                Matcher matcher = version.matcher(versionOutput.get());
                if (matcher.find() && Integer.parseInt(matcher.group(1)) >= minimumMajor) {
                    return Optional.empty();
                }
                found = matcher.find(0) ? "found " + matcher.group(0).replaceFirst("^v=?", "")
                        : "found no version in `" + command + " --version`: " + firstLine(versionOutput.get());
            }
            return Optional.of(String.format("%s %d or newer is required (%s); %s", name, minimumMajor, install, found));
        }
    }

    public static final Tool REDIS_SERVER = new Tool("redis-server", "redis-server", 7,
            "apt-get install redis-server", Pattern.compile("\\bv=(\\d+)\\.\\d+\\.\\d+"));
    public static final Tool NODE = new Tool("node", "Node.js", 20,
            "apt-get install nodejs, version 20 or newer", Pattern.compile("^v(\\d+)\\.\\d+\\.\\d+"));

    private static volatile String checkedRedisServer;

    private ToolVersions() {
    }

    /** Stops the test run, with the one line, when a tool is missing or too old. */
    public static void requireAll() {
        List<String> refusals = new ArrayList<>();
        for (Tool tool : List.of(REDIS_SERVER, NODE)) {
            tool.refusal(find(tool.command()).flatMap(ToolVersions::versionOutput)).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException(String.join("; ", refusals));
        }
    }

    /** The path of a redis-server the tests can use. */
    public static String redisServer() {
        String binary = checkedRedisServer;
        if (binary == null) {
            Optional<String> found = find(REDIS_SERVER.command());
            REDIS_SERVER.refusal(found.flatMap(ToolVersions::versionOutput)).ifPresent(refusal -> {
                throw new IllegalStateException(refusal);
            });
            checkedRedisServer = binary = found.orElseThrow();
        }
        return binary;
    }

    private static Optional<String> find(String command) {
        Set<String> directories = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/usr/bin", "/usr/local/bin"));
        return directories.stream().filter(directory -> !directory.isEmpty())
                .map(directory -> new File(directory, command))
                .filter(File::canExecute).map(File::getPath).findFirst();
    }

    private static Optional<String> versionOutput(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("(no answer within 10 s)");
            }
            return Optional.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.isBlank() ? "(nothing)" : line;
    }
}
