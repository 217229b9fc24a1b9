package dev.edgedeploy.maven.browser;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's Chromium (Debian's {@code chromium}, installed by {@code .ci/run}; never a browser download),
 * headless, driven over the DevTools protocol. Each {@link #viewer(String)} is an isolated browser context (its own
 * cookies and cache, like a separate person) whose every request names its client IP to the sandbox edge front.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Flags known to work on the build machines (root, no GPU, no network beyond loopback needed). */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--remote-debugging-port=0", "--window-size=900,700");

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final DevToolsConnection devTools;
    private final Path log;
    private final List<BrowserViewer> viewers = new ArrayList<>();

    private HeadlessChromium(Process process, DevToolsConnection devTools, Path log) {
        this.process = process;
        this.devTools = devTools;
        this.log = log;
    }

    /**
     * Starts Chromium with a fresh profile in {@code userDataDirectory} (deleted first if present).
     *
     * @throws IllegalStateException when no Chromium is installed, or it does not open DevTools in time
     */
    public static HeadlessChromium launch(Path userDataDirectory) throws InterruptedException {
        Path executable = executable();
        try {
            deleteRecursively(userDataDirectory);
            Files.createDirectories(userDataDirectory);
            Path log = userDataDirectory.resolveSibling(userDataDirectory.getFileName() + ".log");
            List<String> command = new ArrayList<>();
            command.add(executable.toString());
            command.addAll(FLAGS);
            command.add("--user-data-dir=" + userDataDirectory.toAbsolutePath());
            command.add("about:blank");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                URI webSocket = devToolsUrl(userDataDirectory, process, log);
                return new HeadlessChromium(process, DevToolsConnection.open(webSocket, COMMAND_TIMEOUT), log);
            } catch (RuntimeException | InterruptedException e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    /** A new viewer: an isolated browser context with one page, whose requests carry {@code clientIp}. */
    public BrowserViewer viewer(String clientIp) throws InterruptedException {
        BrowserViewer viewer = BrowserViewer.open(devTools, clientIp);
        viewers.add(viewer);
        return viewer;
    }

    /** Where Chromium's own output goes, for a failing test's message. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            for (BrowserViewer viewer : viewers) {
                viewer.closeQuietly();
            }
            devTools.send(null, "Browser.close", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the process is stopped below either way
        } finally {
            devTools.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Debian names it {@code chromium}; other distributions {@code chromium-browser}. */
    static Path executable() {
        String override = System.getenv("CHROMIUM");
        List<String> candidates = override != null && !override.isBlank() ? List.of(override)
                : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Chromium at " + candidates
                        + ": install Debian's (apt-get install -y chromium; .ci/run does) or set CHROMIUM to its path"));
    }

    /** Chromium writes the port it picked and the browser's WebSocket path into {@code DevToolsActivePort}. */
    private static URI devToolsUrl(Path userDataDirectory, Process process, Path log) throws InterruptedException,
            IOException {
        Path portFile = userDataDirectory.resolve("DevToolsActivePort");
        Instant bound = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(bound)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before opening "
                        + "DevTools; its output: " + tail(log));
            }
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Chromium did not open DevTools within 60 s; its output: " + tail(log));
    }

    static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static ObjectNode params() {
        return DevToolsConnection.params();
    }
}
