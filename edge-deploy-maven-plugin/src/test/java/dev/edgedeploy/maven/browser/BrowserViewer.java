package dev.edgedeploy.maven.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgedeploy.sandbox.edge.EdgeFront;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated viewer: an isolated browser context (own cache, own cookies) with one page. Every request the page
 * makes is paused by DevTools request interception and continued with {@value EdgeFront#CLIENT_IP_HEADER}, so the
 * sandbox edge front sees this viewer's client IP on the entry, every chunk and every beacon.
 */
public final class BrowserViewer {

    /** What the page fetched: its URL and the status it got (0 when it failed before any answer). */
    public record Fetched(String url, int status) {
    }

    /** The widget as the page shows it: its element's {@code data-build-id} and text, or empty. */
    public record WidgetView(Optional<String> buildId, String text) {
    }

    private static final String UNCAUGHT = "uncaught: ";

    private final DevToolsConnection devTools;
    private final String clientIp;
    private final String contextId;
    private final String sessionId;
    private final List<Fetched> fetched = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Consumer<DevToolsConnection.Event> listener;
    private final AtomicInteger loadEvents = new AtomicInteger();

    private BrowserViewer(DevToolsConnection devTools, String clientIp, String contextId, String sessionId) {
        this.devTools = devTools;
        this.clientIp = clientIp;
        this.contextId = contextId;
        this.sessionId = sessionId;
        this.listener = this::onEvent;
    }

    static BrowserViewer open(DevToolsConnection devTools, String clientIp) throws InterruptedException {
        String contextId = devTools.send(null, "Target.createBrowserContext",
                DevToolsConnection.params().put("disposeOnDetach", true)).get("browserContextId").asText();
        String targetId = devTools.send(null, "Target.createTarget", DevToolsConnection.params()
                .put("url", "about:blank").put("browserContextId", contextId)).get("targetId").asText();
        String sessionId = devTools.send(null, "Target.attachToTarget", DevToolsConnection.params()
                .put("targetId", targetId).put("flatten", true)).get("sessionId").asText();
        BrowserViewer viewer = new BrowserViewer(devTools, clientIp, contextId, sessionId);
        devTools.addListener(viewer.listener);
        viewer.send("Page.enable", null);
        viewer.send("Runtime.enable", null);
        viewer.send("Network.enable", null);
        ObjectNode fetch = DevToolsConnection.params();
        fetch.putArray("patterns").addObject().put("urlPattern", "*").put("requestStage", "Request");
        viewer.send("Fetch.enable", fetch);
        return viewer;
    }

    public String clientIp() {
        return clientIp;
    }

    /** Opens {@code url} and waits for its load event (bounded by {@code bound}). */
    public void load(URI url, Duration bound) throws InterruptedException {
        navigate(bound, "the load event of " + url, () -> send("Page.navigate",
                DevToolsConnection.params().put("url", url.toString())));
    }

    /** Reloads the page (the browser cache kept, as a person's reload) and waits for its load event. */
    public void reload(Duration bound) throws InterruptedException {
        navigate(bound, "the load event of a reload", () -> send("Page.reload",
                DevToolsConnection.params().put("ignoreCache", false)));
    }

    private interface Navigation {
        void start() throws InterruptedException;
    }

    /** Starts a navigation and waits for the new document's load event: counted, so the old one's cannot answer. */
    private void navigate(Duration bound, String what, Navigation navigation) throws InterruptedException {
        fetched.clear();
        errors.clear();
        int before = loadEvents.get();
        navigation.start();
        waitFor(bound, what, () -> loadEvents.get() > before);
    }

    /** The widget element {@code #edge-widget} as rendered now. */
    public WidgetView widget() throws InterruptedException {
        JsonNode view = evaluate("(() => { const w = document.getElementById('edge-widget');"
                + " return w ? {buildId: w.getAttribute('data-build-id'), text: w.textContent} : null; })()");
        if (view == null || view.isNull() || view.isMissingNode()) {
            return new WidgetView(Optional.empty(), "");
        }
        return new WidgetView(Optional.ofNullable(view.path("buildId").textValue()), view.path("text").asText(""));
    }

    /** Waits until the widget shows a build id, and answers it; fails naming what the page did instead. */
    public String renderedBuild(Duration bound) throws InterruptedException {
        waitFor(bound, "the widget (#edge-widget with data-build-id)", () -> widget().buildId().isPresent());
        return widget().buildId().orElseThrow();
    }

    /**
     * Waits until the page has settled: the widget rendered a build, or the page reported an uncaught error (a build
     * that breaks never renders). Answers the widget as it is then.
     */
    public WidgetView settle(Duration bound) throws InterruptedException {
        waitFor(bound, "the widget or an uncaught error", () -> widget().buildId().isPresent()
                || errors.stream().anyMatch(error -> error.startsWith(UNCAUGHT)));
        return widget();
    }

    /** The builds of the files the page fetched from {@code origin}'s {@code /assets/<buildId>/} since its last load. */
    public Set<String> buildsFetchedFrom(URI origin) {
        Pattern asset = Pattern.compile(Pattern.quote(origin.resolve("/assets/").toString()) + "([^/?#]+)/.+");
        Set<String> builds = new TreeSet<>();
        for (Fetched response : fetched) {
            Matcher matcher = asset.matcher(response.url());
            if (matcher.matches()) {
                builds.add(matcher.group(1));
            }
        }
        return builds;
    }

    /** Every response the page got since it was last loaded. */
    public List<Fetched> fetched() {
        return List.copyOf(fetched);
    }

    /** Uncaught errors and console errors since the page was last loaded. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Saves a PNG of the page as it looks now. */
    public Path screenshot(Path file) throws InterruptedException {
        JsonNode shot = send("Page.captureScreenshot", DevToolsConnection.params().put("format", "png"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file, e);
        }
    }

    /** Evaluates an expression in the page and answers its value (JSON). */
    public JsonNode evaluate(String expression) throws InterruptedException {
        JsonNode result = send("Runtime.evaluate", DevToolsConnection.params().put("expression", expression)
                .put("returnByValue", true));
        return result.path("result").path("value");
    }

    @Override
    public String toString() {
        return "viewer " + clientIp;
    }

    void closeQuietly() throws InterruptedException {
        devTools.removeListener(listener);
        try {
            devTools.send(null, "Target.disposeBrowserContext", DevToolsConnection.params()
                    .put("browserContextId", contextId));
        } catch (IllegalStateException e) {
            // already gone with its page
        }
    }

    private JsonNode send(String method, ObjectNode params) throws InterruptedException {
        return devTools.send(sessionId, method, params);
    }

    private void onEvent(DevToolsConnection.Event event) {
        if (!sessionId.equals(event.sessionId())) {
            return;
        }
        JsonNode params = event.params();
        switch (event.method()) {
            case "Fetch.requestPaused" -> continueWithClientIp(params);
            case "Page.loadEventFired" -> loadEvents.incrementAndGet();
            case "Network.responseReceived" -> fetched.add(new Fetched(params.path("response").path("url").asText(),
                    params.path("response").path("status").asInt()));
            case "Network.loadingFailed" -> errors.add("failed to load request " + params.path("requestId").asText()
                    + ": " + params.path("errorText").asText() + " " + params.path("blockedReason").asText(""));
            case "Runtime.exceptionThrown" -> errors.add(UNCAUGHT + params.path("exceptionDetails").path("exception")
                    .path("description").asText(params.path("exceptionDetails").path("text").asText()));
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())) {
                    errors.add("console.error: " + params.path("args").toString());
                }
            }
            default -> {
            }
        }
    }

    /** Continues a paused request with this viewer's client IP header. */
    private void continueWithClientIp(JsonNode params) {
        String requestId = params.get("requestId").asText();
        ObjectNode continued = DevToolsConnection.params().put("requestId", requestId);
        ArrayNode headers = continued.putArray("headers");
        params.path("request").path("headers").fields().forEachRemaining(header -> headers.addObject()
                .put("name", header.getKey()).put("value", header.getValue().asText()));
        headers.addObject().put("name", EdgeFront.CLIENT_IP_HEADER).put("value", clientIp);
        devTools.post(sessionId, "Fetch.continueRequest", continued).whenComplete((result, failure) -> {
            if (failure != null) {
                errors.add("could not continue " + params.path("request").path("url").asText() + ": "
                        + failure.getMessage());
            }
        });
    }

    private interface Condition {
        boolean holds() throws InterruptedException;
    }

    private void waitFor(Duration bound, String what, Condition condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.holds()) {
                    return;
                }
                last = null;
            } catch (IllegalStateException e) {
                last = e; // e.g. evaluating while the page navigates: ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError(this + " did not show " + what + " within " + bound.toSeconds() + " s; responses: "
                + fetched + "; errors: " + errors + (last == null ? "" : "; last DevTools error: " + last.getMessage()));
    }
}
