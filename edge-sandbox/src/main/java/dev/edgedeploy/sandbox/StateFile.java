package dev.edgedeploy.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * One sandbox service's control-plane state on disk, so that a sandbox started again on the same state directory
 * (the next {@code mvn deploy} of a release) continues where the last one stopped. The service keeps its state in
 * memory as it likes, turns it into one immutable snapshot {@code T} (records of strings, numbers, lists; instants
 * as ISO-8601 text) and hands it to {@link #write} after every change it accepts; at start it {@link #read}s it back.
 *
 * <p>The file is {@code <directory>/<service>-state.json}:
 * <pre>{@code {"service": "cloudfront", "schemaVersion": 1, "state": { ...T as Jackson writes it... }}}</pre>
 * It is written to a sibling {@code .partial} file and moved over the old one atomically, so a crash leaves the old
 * or the new state, never half of one. A file that does not parse, names another service, has another schema
 * version, or holds a state the service cannot take back ({@link #unusable}) fails the start with a message naming
 * the file and the fix: delete the service's directory (or the whole sandbox state directory) to start empty.
 *
 * <p>A service without a directory (tests that need no restart) uses {@link #inMemory}: nothing is read or written.
 *
 * @param <T> the service's snapshot type, a Jackson-readable record
 */
public final class StateFile<T> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private final String service;
    private final Path directory;
    private final int schemaVersion;
    private final Class<T> type;

    private StateFile(String service, Path directory, int schemaVersion, Class<T> type) {
        this.service = Objects.requireNonNull(service, "service");
        this.directory = directory;
        this.schemaVersion = schemaVersion;
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * The state file of {@code service} in {@code directory}, or an {@linkplain #inMemory in-memory} one when
     * {@code directory} is null.
     *
     * @param service a short lower-case name, e.g. {@code route53}; names the file and the messages
     * @param schemaVersion the snapshot's shape; raise it whenever {@code T} changes incompatibly
     */
    public static <T> StateFile<T> in(Path directory, String service, int schemaVersion, Class<T> type) {
        if (!service.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a state file's service name is lower-case letters, digits and -: "
                    + service);
        }
        return new StateFile<>(service, directory == null ? null : directory.toAbsolutePath().normalize(),
                schemaVersion, type);
    }

    /** A state that lives only as long as the service: {@link #read} finds nothing, {@link #write} keeps nothing. */
    public static <T> StateFile<T> inMemory(String service, Class<T> type) {
        return new StateFile<>(service, null, 0, type);
    }

    /** The file, or empty for an in-memory state. */
    public Optional<Path> file() {
        return directory == null ? Optional.empty() : Optional.of(directory.resolve(service + "-state.json"));
    }

    /**
     * The snapshot an earlier run wrote, or empty when there is none (first start, or in memory).
     *
     * @throws IllegalStateException naming the file and the fix, when it is unreadable, another service's, or of
     *     another schema version
     */
    public Optional<T> read() {
        Optional<Path> file = file();
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Optional.empty();
        }
        JsonNode document;
        try {
            document = JSON.readTree(file.get().toFile());
        } catch (JsonProcessingException e) {
            throw unusable("it is not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox " + service + " state " + file.get(), e);
        }
        if (document == null || !document.isObject()) {
            throw unusable("it is not a JSON object", null);
        }
        if (!service.equals(document.path("service").asText(null))) {
            throw unusable("it is not a " + service + " state file (service: " + document.get("service") + ")", null);
        }
        JsonNode version = document.get("schemaVersion");
        if (version == null || !version.isInt() || version.intValue() != schemaVersion) {
            throw unusable("it has schema version " + version + " and this sandbox reads " + schemaVersion, null);
        }
        JsonNode state = document.get("state");
        if (state == null || !state.isObject()) {
            throw unusable("it holds no state object", null);
        }
        try {
            return Optional.of(JSON.treeToValue(state, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unusable("its state does not fit this sandbox (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
    }

    /** Replaces the stored snapshot atomically; does nothing in memory. */
    public void write(T state) {
        Objects.requireNonNull(state, "state");
        Optional<Path> file = file();
        if (file.isEmpty()) {
            return;
        }
        ObjectNode document = JSON.createObjectNode();
        document.put("service", service);
        document.put("schemaVersion", schemaVersion);
        document.set("state", JSON.valueToTree(state));
        Path partial = file.get().resolveSibling(file.get().getFileName() + ".partial");
        try {
            Files.createDirectories(directory);
            JSON.writeValue(partial.toFile(), document);
            Files.move(partial, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox " + service + " state " + file.get(), e);
        }
    }

    /** The snapshot as a JSON tree, as it is (or would be) stored: for state dumps. */
    public JsonNode toJson(T state) {
        return JSON.valueToTree(state);
    }

    /**
     * The failure of a start whose stored state cannot be used, e.g. one written for another region: names the file
     * and the fix. Services throw it for problems they find in a snapshot that {@link #read} accepted.
     */
    public IllegalStateException unusable(String why, Throwable cause) {
        String where = file().map(Path::toString).orElse("the in-memory " + service + " state");
        return new IllegalStateException("cannot use the sandbox " + service + " state " + where + ": " + why
                + ". Fix: delete " + (directory == null ? "it" : directory.toString())
                + " (or the whole sandbox state directory) to start the sandbox " + service + " empty.", cause);
    }
}
