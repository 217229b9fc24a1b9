package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.assets.ContentTypes;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.build.BuildIdStrategy;
import dev.edgedeploy.core.build.ContentBuildId;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.BuildPackager;
import dev.edgedeploy.core.packaging.EdgeTrigger;
import dev.edgedeploy.core.packaging.PackageRequest;
import dev.edgedeploy.core.packaging.PackagedBuild;
import java.io.File;
import java.util.Map;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Validates the webpack output, pre-compresses it, and writes the manifest and the edge bundle under
 * {@code target/edge-deploy/<buildId>/}; attaches the bundle (classifier {@code edge-bundle}). No remote call.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractTargetMojo {

    static final String BUNDLE_CLASSIFIER = "edge-bundle";

    /** The build id; set by the build-id goal, or given explicitly. */
    @Parameter(property = PropertyNames.BUILD_ID)
    private String buildId;

    /** With {@code content}, the id is the hash of the build output, computed here. */
    @Parameter(property = PropertyNames.BUILD_ID_STRATEGY, defaultValue = "git")
    private String buildIdStrategy;

    /** The webpack output directory. */
    @Parameter(property = PropertyNames.DIST_DIRECTORY, defaultValue = "${project.build.directory}/dist")
    private File distDirectory;

    /** The entry file host pages load, relative to the output directory; inlined into the edge bundle. */
    @Parameter(property = PropertyNames.ENTRY, defaultValue = "index.js")
    private String entry;

    /** Where packaged builds are written, one directory per build id. */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/edge-deploy")
    private File outputDirectory;

    /** The Lambda@Edge trigger that serves the entry: {@code origin-request} (1 MB responses) or {@code viewer-request} (40 KB). */
    @Parameter(property = PropertyNames.TRIGGER, defaultValue = "origin-request")
    private String trigger;

    /** gzip level for compressible files, 1-9. */
    @Parameter(property = PropertyNames.GZIP_LEVEL, defaultValue = "9")
    private int gzipLevel;

    /** Whether to store brotli variants beside the gzip ones. */
    @Parameter(property = PropertyNames.BROTLI, defaultValue = "true")
    private boolean brotli;

    /** brotli quality, 0-11. */
    @Parameter(property = PropertyNames.BROTLI_QUALITY, defaultValue = "11")
    private int brotliQuality;

    /** Compressed files by content hash, shared by builds, so nothing is compressed twice. */
    @Parameter(property = PropertyNames.COMPRESSION_CACHE, defaultValue = "${user.home}/.edge-deploy/compression-cache")
    private File compressionCache;

    /** Extra file extensions to accept, each with its Content-Type, e.g. {@code <glb>model/gltf-binary</glb>}. */
    @Parameter
    private Map<String, String> contentTypes;

    /** The Access-Control-Allow-Origin the entry is served with, for cross-site embedding. */
    @Parameter(property = PropertyNames.CORS_ALLOW_ORIGIN, defaultValue = "*")
    private String corsAllowOrigin;

    /** Fixed time for the bundle's zip entries (Maven's reproducible-builds property). */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_PACKAGE, defaultValue = "false")
    private boolean skipPackage;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected void run(DeployListener listener) {
        CompressionSettings compression = new CompressionSettings(gzipLevel, brotli, brotliQuality,
                compressionCache.toPath());
        Map<String, String> extraContentTypes = contentTypes == null ? Map.of() : Map.copyOf(contentTypes);
        BuildId id = resolveBuildId(compression, extraContentTypes, listener);
        PackageRequest request = new PackageRequest(id, distDirectory.toPath(), entry, outputDirectory.toPath(),
                compression, extraContentTypes, EdgeTrigger.parse(trigger),
                OutputTimestamp.parse(outputTimestamp), domain(), deployTarget(), null, corsAllowOrigin);
        PackagedBuild packaged = new BuildPackager().packageBuild(request, listener);
        projectHelper.attachArtifact(project(), "zip", BUNDLE_CLASSIFIER, packaged.bundleFile().toFile());
        listener.on(DeployEvent.debug("Attached " + packaged.bundleFile() + " (classifier " + BUNDLE_CLASSIFIER + ")"));
    }

    private BuildId resolveBuildId(CompressionSettings compression, Map<String, String> extraContentTypes,
            DeployListener listener) {
        if (buildId != null && !buildId.isBlank()) {
            return BuildId.of(buildId.trim());
        }
        if (BuildIdStrategy.parse(buildIdStrategy) != BuildIdStrategy.CONTENT) {
            throw InvalidInputException.of(new Problem("<buildId> / -D" + PropertyNames.BUILD_ID,
                    "no build id is set: the build-id goal did not run before package.",
                    "add the build-id goal to the plugin's executions, or give -D" + PropertyNames.BUILD_ID + "=<id>."));
        }
        BuildId id = ContentBuildId.of(distDirectory.toPath(), entry, ContentTypes.withExtras(extraContentTypes),
                compression);
        project().getProperties().setProperty(PropertyNames.BUILD_ID, id.value());
        listener.on(DeployEvent.lifecycle("Build id " + id + " (content hash)"));
        return id;
    }

    @Override
    protected String goal() {
        return "package";
    }

    @Override
    protected String goalSkipProperty() {
        return PropertyNames.SKIP_PACKAGE;
    }

    @Override
    protected boolean goalSkipped() {
        return skipPackage;
    }
}
