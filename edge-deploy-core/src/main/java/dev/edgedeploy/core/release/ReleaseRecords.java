package dev.edgedeploy.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.manifest.BuildLayout;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The release state kept in the primary bucket's control prefix: one record per released build
 * ({@code _edge-deploy/deployments/<buildId>.json}) and the build live now ({@code _edge-deploy/live.json}), which
 * {@code status}, {@code rollback} and the next deploy read.
 */
public final class ReleaseRecords {

    public static final String DEPLOYMENTS_PREFIX = BuildLayout.CONTROL_ROOT + "deployments/";
    public static final String LIVE_KEY = BuildLayout.CONTROL_ROOT + "live.json";

    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final S3Client s3;
    private final String bucket;

    public ReleaseRecords(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public static String deploymentKey(String buildId) {
        return DEPLOYMENTS_PREFIX + buildId + ".json";
    }

    /** Writes the build's deployment record, replacing an earlier attempt's. */
    public void writeDeployment(ReleaseReport report) {
        put(deploymentKey(report.buildId()), report);
    }

    /** Records the build the alias now serves (after a successful release or a rollback). */
    public void writeLive(LiveRelease live) {
        put(LIVE_KEY, live);
    }

    public Optional<ReleaseReport> readDeployment(String buildId) {
        return get(deploymentKey(buildId), ReleaseReport.class);
    }

    public Optional<LiveRelease> readLive() {
        return get(LIVE_KEY, LiveRelease.class);
    }

    /**
     * What {@code live.json} holds.
     *
     * @param buildId the build the alias serves
     * @param functionName the function
     * @param alias the alias
     * @param version the alias's version
     * @param deploymentId the deployment that made it live; null for a first release
     * @param at ISO-8601 UTC
     */
    public record LiveRelease(String buildId, String functionName, String alias, String version,
            String deploymentId, String at) {
    }

    private void put(String key, Object document) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(document);
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json").cacheControl("no-store"),
                    RequestBody.fromBytes(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + key, e);
        } catch (SdkException e) {
            throw new TargetException("Cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), false, e);
        }
    }

    private <T> Optional<T> get(String key, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(),
                    type));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TargetException("s3://" + bucket + "/" + key + " is not a release record: " + e.getMessage(),
                    true, e);
        } catch (SdkException e) {
            throw new TargetException("Cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), false, e);
        }
    }
}
