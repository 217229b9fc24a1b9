package dev.edgedeploy.core.packaging;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the package step needs.
 *
 * @param buildId the build
 * @param distDirectory the bundler's output directory
 * @param entry the entry file's name relative to it; null means {@value #DEFAULT_ENTRY}
 * @param outputRoot where packages are written, usually {@code target/edge-deploy}; this build goes to
 *     {@code <outputRoot>/<buildId>/}
 * @param compression how files are pre-compressed
 * @param extraContentTypes the user's allow-list, extension → Content-Type
 * @param trigger the CloudFront event the edge function answers; null means origin-request
 * @param outputTimestamp {@code project.build.outputTimestamp}: the time inside the bundle zip
 * @param domain the CDN domain host pages load the entry from
 * @param target the buckets, named in the edge config
 * @param dnsServer {@code host:port} of the resolver the handler asks for the nearest bucket; null for the system's
 * @param corsAllowOrigin the Access-Control-Allow-Origin answer; null means {@code *}
 */
public record PackageRequest(BuildId buildId, Path distDirectory, String entry, Path outputRoot,
        CompressionSettings compression, Map<String, String> extraContentTypes, EdgeTrigger trigger,
        Instant outputTimestamp, String domain, DeployTarget target, String dnsServer, String corsAllowOrigin) {

    public static final String DEFAULT_ENTRY = "index.js";
    public static final String DEFAULT_CORS_ALLOW_ORIGIN = "*";

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public PackageRequest {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(distDirectory, "distDirectory");
        Objects.requireNonNull(outputRoot, "outputRoot");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(outputTimestamp, "outputTimestamp");
        Objects.requireNonNull(target, "target");
        entry = entry == null ? DEFAULT_ENTRY : entry;
        extraContentTypes = extraContentTypes == null ? Map.of() : Map.copyOf(new TreeMap<>(extraContentTypes));
        trigger = trigger == null ? EdgeTrigger.ORIGIN_REQUEST : trigger;
        corsAllowOrigin = corsAllowOrigin == null ? DEFAULT_CORS_ALLOW_ORIGIN : corsAllowOrigin;
        if (domain == null || !HOST_NAME.matcher(domain).matches()) {
            throw InvalidInputException.of(new Problem("<domain> / -DedgeDeploy.domain", "'" + domain
                    + "' is not a host name.", "give the CDN's domain in lower case, e.g. cdn.example.com,"
                    + " without scheme or path."));
        }
    }
}
