package dev.edgedeploy.core.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgedeploy.core.EdgeDeployException;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.manifest.BuildLayout;
import java.io.IOException;
import java.util.Optional;

/**
 * The per-bucket pointer {@code _edge-deploy/latest-commit.json}, {@code {"buildId": "…"}}: which build was committed
 * last, so the next build can copy its unchanged objects from it inside the bucket instead of uploading them.
 *
 * @param buildId the build whose manifest was written last
 * @see BuildLayout#latestCommitKey()
 */
record LatestCommit(String buildId) {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static LatestCommit of(BuildId buildId) {
        return new LatestCommit(buildId.value());
    }

    byte[] json() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    /** The build the pointer names; empty when it is not such a document or names no valid build id. */
    static Optional<BuildId> parse(byte[] json) {
        try {
            LatestCommit pointer = MAPPER.readValue(json, LatestCommit.class);
            return pointer == null || pointer.buildId() == null ? Optional.empty()
                    : Optional.of(BuildId.of(pointer.buildId()));
        } catch (IOException | EdgeDeployException e) {
            return Optional.empty();
        }
    }
}
