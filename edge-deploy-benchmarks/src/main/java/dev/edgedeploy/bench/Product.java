package dev.edgedeploy.bench;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.packaging.BuildPackager;
import dev.edgedeploy.core.packaging.PackageRequest;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.sandbox.EdgeSandbox;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The product as the Maven plugin calls it: the packager and the replicated uploader, against the sandbox. */
final class Product {

    private static final Pattern COMPRESSIONS = Pattern.compile("(\\d+) variants compressed, (\\d+) from cache");
    private static final Instant OUTPUT_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

    private Product() {
    }

    /** The sandbox's buckets as a deploy target: the first region is the primary. */
    static DeployTarget target(Map<String, String> buckets) {
        List<BucketTarget> all = buckets.entrySet().stream().map(e -> new BucketTarget(e.getKey(), e.getValue()))
                .toList();
        return new DeployTarget(all.get(0), all.subList(1, all.size()));
    }

    /** A package and how many variants it compressed (the rest came from the compression cache). */
    record Packaged(PackagedBuild build, int compressed, int reused) {
    }

    static Packaged packageBuild(Path dist, Path outputRoot, String buildId, CompressionSettings compression,
            DeployTarget target) {
        AtomicReference<Matcher> counts = new AtomicReference<>();
        PackagedBuild build = new BuildPackager().packageBuild(new PackageRequest(BuildId.of(buildId), dist, null,
                outputRoot, compression, null, null, OUTPUT_TIMESTAMP, "cdn.example.com", target, null, null),
                event -> {
                    Matcher m = COMPRESSIONS.matcher(event.message());
                    if (event.level() == DeployEvent.Level.LIFECYCLE && m.find()) {
                        counts.set(m);
                    }
                });
        Matcher m = counts.get();
        if (m == null) {
            throw new IllegalStateException("the packager no longer reports its compressions");
        }
        return new Packaged(build, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Clients talking to {@code endpoint} with the sandbox's keys, {@code concurrency} requests in flight. */
    static AwsClients clients(URI endpoint, int concurrency) {
        return new AwsClients(AwsSettings.defaults()
                .withEndpoints(ServiceEndpoints.s3Only(endpoint))
                .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY))
                .withMaxConcurrency(concurrency));
    }
}
