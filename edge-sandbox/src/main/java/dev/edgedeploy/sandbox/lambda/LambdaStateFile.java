package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The control plane's state on disk, so functions, versions and aliases survive a restart of the sandbox
 * (for example between two {@code mvn deploy} runs), like the S3 sandbox's buckets do. Rewritten atomically
 * after every change.
 */
final class LambdaStateFile {

    static final int SCHEMA_VERSION = 1;

    /** One version as stored: its code by the zip's hex SHA-256, instants as ISO-8601 text. */
    record StoredVersion(String version, FunctionSettings settings, String codeHexSha256, String lastModified,
            String pendingRevisionId, String readyRevisionId, String pendingUntil, FunctionVersion.Transition transition) {

        static StoredVersion of(FunctionVersion version) {
            return new StoredVersion(version.version(), version.settings(),
                    HexFormat.of().formatHex(Base64.getDecoder().decode(version.code().sha256())),
                    version.lastModified().toString(), version.pendingRevisionId(), version.readyRevisionId(),
                    version.pendingUntil().toString(), version.transition());
        }

        FunctionVersion toVersion(CodeStore codeStore) {
            return new FunctionVersion(version, settings, codeStore.restore(codeHexSha256), Instant.parse(lastModified),
                    pendingRevisionId, readyRevisionId, Instant.parse(pendingUntil), transition);
        }
    }

    record StoredFunction(String name, StoredVersion latest, StoredVersion beforeUpdate, List<StoredVersion> versions,
            List<AliasConfiguration> aliases, int lastVersionNumber, Map<String, String> tags) {
    }

    record StoredState(int schemaVersion, String region, String accountId, List<StoredFunction> functions) {
    }

    private final Path file;
    private final ObjectMapper json;

    LambdaStateFile(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    /** The stored state, or null when there is none yet. */
    StoredState read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            StoredState state = json.readValue(file.toFile(), new TypeReference<StoredState>() { });
            if (state.schemaVersion() != SCHEMA_VERSION) {
                throw new IllegalStateException(file + " has schema version " + state.schemaVersion()
                        + ", this sandbox reads " + SCHEMA_VERSION + "; delete the sandbox work directory");
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lambda sandbox state " + file, e);
        }
    }

    void write(StoredState state) {
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            json.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), state);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Lambda sandbox state " + file, e);
        }
    }
}
