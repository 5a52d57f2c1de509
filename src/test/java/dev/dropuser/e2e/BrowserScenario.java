package dev.dropuser.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of clients/web/test/browser.e2e.mjs: Chromium headless (Debian's /usr/bin/chromium when installed, else
 * the one inside the npm package @sparticuz/chromium) driven by playwright-core. At each
 * {@code CHECKPOINT <name>} the script waits while {@link #run} calls {@code atCheckpoint} (the test checks the
 * registry while the pages are open), then lets it go on. It ends with {@code RESULT <json>} and {@code PASS} or
 * {@code FAIL}.
 */
record BrowserScenario(String name, Map<String, String> environment) {
    static final Path CLIENT = Path.of("clients", "web");
    static final Path SCREENSHOTS = Path.of("target", "browser-e2e");
    private static final long TIMEOUT_SECONDS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the script printed and how it ended. */
    record Outcome(int exitCode, List<String> output) {
        boolean passed(String scenario) {
            return exitCode == 0 && output.contains("PASS " + scenario);
        }

        /** The JSON of the {@code RESULT} line. */
        JsonNode result() {
            String line = output.stream().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT line in " + output));
            try {
                return JSON.readTree(line.substring("RESULT ".length()));
            } catch (IOException e) {
                throw new AssertionError("RESULT is not JSON: " + line, e);
            }
        }
    }

    Path screenshotDirectory() {
        return SCREENSHOTS.resolve(name);
    }

    Outcome run(Consumer<String> atCheckpoint) {
        if (!Files.isRegularFile(CLIENT.resolve("node_modules/@sparticuz/chromium/package.json"))) {
            throw new IllegalStateException("run `npm ci` in " + CLIENT + " first (./mvnw test does it on a fresh clone)");
        }
        deleteScreenshots();
        ProcessBuilder builder = new ProcessBuilder("node", "test/browser.e2e.mjs")
                .directory(CLIENT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("SCENARIO", name);
        builder.environment().put("SCREENSHOT_DIR", screenshotDirectory().toAbsolutePath().toString());
        List<String> output = new CopyOnWriteArrayList<>();
        AssertionError checkpointFailure = null;
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node", e);
        }
        try (OutputStream stdin = process.getOutputStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Thread watchdog = watchdog(process);
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("CHECKPOINT ")) {
                    try {
                        atCheckpoint.accept(line.substring("CHECKPOINT ".length()));
                    } catch (AssertionError failure) {
                        // let the script finish (and take its screenshots) before failing
                        checkpointFailure = checkpointFailure == null ? failure : checkpointFailure;
                    }
                    stdin.write('\n');
                    stdin.flush();
                }
            }
            watchdog.interrupt();
            int exitCode = process.waitFor();
            if (checkpointFailure != null) {
                throw new AssertionError("at a checkpoint of " + name + "; the script printed " + output, checkpointFailure);
            }
            return new Outcome(exitCode, List.copyOf(output));
        } catch (IOException e) {
            throw new IllegalStateException("lost the browser script; it printed " + output, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** So that a screenshot found afterwards is this run's, not a previous one's. */
    private void deleteScreenshots() {
        try (var files = Files.list(Files.createDirectories(screenshotDirectory()))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot empty " + screenshotDirectory(), e);
        }
    }

    /** Ends a script (and its Chromium) that hangs, so that the test fails instead of waiting forever. */
    private static Thread watchdog(Process process) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException done) {
                // the script ended in time
            }
        }, "browser-script-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
