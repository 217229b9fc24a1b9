package dev.edgedeploy.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgedeploy.core.release.ReleaseReport;
import dev.edgedeploy.core.upload.UploadReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The machine-readable account of one deploy, {@code deployment.json}, so CI and tests never scrape logs.
 *
 * @param schemaVersion format version of this document
 * @param buildId the build deployed
 * @param finishedAt when the deploy ended, ISO-8601 UTC
 * @param upload what the upload did, per region, with phase timings; null when only a release ran
 * @param release what the release did (versions, deployment, every step, outcome); absent when none ran
 */
public record DeploymentRecord(int schemaVersion, String buildId, String finishedAt, UploadReport upload,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReleaseReport release) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "deployment.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Writes the record of {@code report} as {@code <directory>/deployment.json}, atomically; returns its path. */
    public static Path write(Path directory, UploadReport report) {
        return write(directory, report, null);
    }

    /**
     * Writes the record of an upload and the release that followed ({@code upload} or {@code release} may be null,
     * not both) as {@code <directory>/deployment.json}, atomically; returns its path.
     */
    public static Path write(Path directory, UploadReport upload, ReleaseReport release) {
        String buildId = upload != null ? upload.buildId() : release.buildId();
        DeploymentRecord record = new DeploymentRecord(SCHEMA_VERSION, buildId, Instant.now().toString(), upload,
                release);
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            Files.write(temporary, MAPPER.writeValueAsBytes(record));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
