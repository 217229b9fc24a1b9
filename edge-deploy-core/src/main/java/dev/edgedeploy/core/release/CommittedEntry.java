package dev.edgedeploy.core.release;

import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.manifest.AssetManifest;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestJson;
import dev.edgedeploy.core.manifest.ManifestObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads a committed build's entry back from the primary bucket (its manifest, then the entry's identity and gzip
 * objects), as the next release's blue build. Only committed builds qualify: the manifest is written last (G1).
 */
final class CommittedEntry {

    private final S3Client s3;
    private final String bucket;

    CommittedEntry(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    EdgeConfig.Build read(BuildId buildId) {
        AssetManifest manifest = ManifestJson.read(bytes(BuildLayout.manifestKey(buildId), buildId));
        String identityKey = BuildLayout.key(buildId, manifest.entry());
        ManifestObject identity = manifest.object(identityKey).orElseThrow(() -> new TargetException("The manifest of"
                + " build " + buildId + " in s3://" + bucket + " lists no entry object " + identityKey + ".", true,
                null));
        byte[] body = bytes(identityKey, buildId);
        byte[] gzip = manifest.object(identityKey + ".gz").isPresent() ? bytes(identityKey + ".gz", buildId)
                : dev.edgedeploy.core.compress.Codec.GZIP.compress(body, 9);
        return new EdgeConfig.Build(buildId.value(), new EdgeConfig.Entry(identity.contentType(), identity.sha256(),
                new String(body, StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(gzip)));
    }

    private byte[] bytes(String key, BuildId buildId) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new TargetException("The live build " + buildId + " is not committed in s3://" + bucket + " (no "
                    + key + "): it cannot be the blue build. Restore it, or release it again first.", true, e);
        } catch (SdkException e) {
            throw new TargetException("Cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), false, e);
        }
    }
}
