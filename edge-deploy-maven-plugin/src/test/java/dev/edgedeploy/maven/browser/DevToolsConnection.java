package dev.edgedeploy.maven.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One WebSocket to a browser's DevTools endpoint, speaking the Chrome DevTools Protocol in its flat session mode:
 * commands are answered by id, events are handed to the listeners of their session. The JDK's own WebSocket client is
 * enough, so driving Chromium costs no dependency.
 */
final class DevToolsConnection implements AutoCloseable {

    /** A DevTools event: its method, params, and the session (page) it belongs to, null for the browser's. */
    record Event(String sessionId, String method, JsonNode params) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Duration commandTimeout;
    private final Object sending = new Object();
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private DevToolsConnection(WebSocket socket, Duration commandTimeout) {
        this.socket = socket;
        this.commandTimeout = commandTimeout;
    }

    static DevToolsConnection open(URI webSocketUrl, Duration commandTimeout) throws InterruptedException {
        Receiver receiver = new Receiver();
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(webSocketUrl, receiver).get(60, TimeUnit.SECONDS);
            DevToolsConnection connection = new DevToolsConnection(socket, commandTimeout);
            receiver.connection = connection;
            return connection;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Chromium's DevTools at " + webSocketUrl, e);
        }
    }

    /** Calls {@code method} of the browser (sessionId null) or of an attached page and answers its result. */
    JsonNode send(String sessionId, String method, ObjectNode params) throws InterruptedException {
        try {
            return post(sessionId, method, params).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("DevTools " + method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("DevTools " + method + " got no answer within " + commandTimeout, e);
        }
    }

    /** Calls {@code method} without waiting: for calls made from an event listener, which must not block. */
    CompletableFuture<JsonNode> post(String sessionId, String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            command.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.whenComplete((result, failure) -> pending.remove(id));
        synchronized (sending) {
            // one frame at a time: the JDK WebSocket refuses a send while another is in flight
            lastSend = lastSend.thenCompose(sent -> socket.sendText(command.toString(), true))
                    .exceptionally(failure -> {
                        answer.completeExceptionally(failure);
                        return socket;
                    });
        }
        return answer;
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        socket.abort();
        pending.values().forEach(answer -> answer.completeExceptionally(new IOException("DevTools connection closed")));
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return; // DevTools sends only JSON; nothing to route
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
            if (answer != null) {
                if (message.has("error")) {
                    answer.completeExceptionally(new IllegalStateException(message.get("error").toString()));
                } else {
                    answer.complete(message.path("result"));
                }
            }
            return;
        }
        Event event = new Event(message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null,
                message.path("method").asText(), message.path("params"));
        listeners.forEach(listener -> listener.accept(event));
    }

    /** Joins a message's frames (a screenshot is a few hundred KB of base64) and hands whole messages on. */
    private static final class Receiver implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private volatile DevToolsConnection connection;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (connection != null) {
                    connection.dispatch(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (connection != null) {
                connection.pending.values().forEach(answer -> answer.completeExceptionally(
                        new IOException("Chromium closed DevTools: " + statusCode + " " + reason)));
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (connection != null) {
                connection.pending.values().forEach(answer -> answer.completeExceptionally(error));
            }
        }
    }
}
