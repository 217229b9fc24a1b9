package dev.edgedeploy.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.S3Fault;
import dev.edgedeploy.sandbox.S3Operation;
import dev.edgedeploy.sandbox.S3Traffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A new build that differs from the bucket's latest committed build by one file sends that file only: the rest is
 * copied inside each bucket from the committed build. Counted at the sandbox's S3, three regions.
 */
class ReplicatedUploaderDedupTest {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
    /** Written by every region's commit besides the build's objects: the manifest and the latest-commit pointer. */
    private static final long COMMIT_PUTS = 2;
    /** Objects of {@link #widget}: three variants each of index.js, chunk.js and style.css, a png, a woff2. */
    private static final int OBJECTS = 11;

    @TempDir
    Path work;

    private EdgeSandbox sandbox;
    private AwsClients clients;
    private DeployTarget target;
    private final List<DeployEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        EdgeSandbox.Builder builder = EdgeSandbox.builder().stateDirectory(work.resolve("sandbox"));
        REGIONS.forEach(r -> builder.region(r, "edge-deploy-" + r));
        sandbox = builder.start();
        clients = new AwsClients(AwsSettings.defaults()
                .withEndpoints(ServiceEndpoints.s3Only(sandbox.s3Endpoint()))
                .withCredentials(CredentialsSource.staticKeys(sandbox.credentials().accessKeyId(),
                        sandbox.credentials().secretAccessKey()))
                .withMaxAttempts(3)
                .withMaxConcurrency(8));
        target = new DeployTarget(new BucketTarget("us-east-1", sandbox.bucket("us-east-1")),
                List.of(new BucketTarget("eu-west-1", sandbox.bucket("eu-west-1")),
                        new BucketTarget("ap-southeast-2", sandbox.bucket("ap-southeast-2"))));
    }

    @AfterEach
    void stop() {
        clients.close();
        sandbox.close();
    }

    /**
     * A widget whose files do not depend on the build id; {@code chunkText}, {@code logoSeed} and {@code fontSeed}
     * choose the contents of the files the tests change.
     */
    private PackagedBuild widget(String buildId, String chunkText, long logoSeed, long fontSeed) {
        return PackagedBuildFixture.build(buildId)
                .object("index.js", "text/javascript", null, "import('./chunk-1a2b.js');")
                .object("index.js.gz", "text/javascript", "gzip", PackagedBuildFixture.randomBytes(40, 11))
                .object("index.js.br", "text/javascript", "br", PackagedBuildFixture.randomBytes(30, 12))
                .object("chunk-1a2b.js", "text/javascript", null, chunkText)
                .object("chunk-1a2b.js.gz", "text/javascript", "gzip", ("gz:" + chunkText).getBytes(StandardCharsets.UTF_8))
                .object("chunk-1a2b.js.br", "text/javascript", "br", ("br:" + chunkText).getBytes(StandardCharsets.UTF_8))
                .object("style.css", "text/css", null, "body { margin: 0 }")
                .object("style.css.gz", "text/css", "gzip", PackagedBuildFixture.randomBytes(25, 13))
                .object("style.css.br", "text/css", "br", PackagedBuildFixture.randomBytes(20, 14))
                .object("logo.png", "image/png", null, PackagedBuildFixture.randomBytes(2048, logoSeed))
                .object("font.woff2", "font/woff2", null, PackagedBuildFixture.randomBytes(4096, fontSeed))
                .writeTo(work.resolve(buildId));
    }

    private PackagedBuild buildA() {
        return widget("a", "export const chunk = 1;", 1, 2);
    }

    private UploadReport upload(PackagedBuild build) {
        return upload(build, events::add);
    }

    private UploadReport upload(PackagedBuild build, DeployListener listener) {
        return new ReplicatedUploader(clients).upload(build, target, listener);
    }

    private S3Client s3(String region) {
        return clients.s3(region);
    }

    private S3Traffic traffic() {
        return sandbox.s3Traffic();
    }

    private long puts(String region) {
        return traffic().count(S3Operation.PUT_OBJECT, sandbox.bucket(region));
    }

    private long copies(String region) {
        return traffic().count(S3Operation.COPY_OBJECT, sandbox.bucket(region));
    }

    @Test
    void aBuildWithOneChangedImageUploadsOnlyThatImageAndCopiesTheRestInEveryRegion() throws Exception {
        upload(buildA());
        traffic().resetCounts();
        PackagedBuild b = widget("b", "export const chunk = 1;", 99, 2);
        ManifestObject logo = b.manifest().object("assets/b/logo.png").orElseThrow();

        UploadReport report = upload(b);

        for (String region : REGIONS) {
            assertThat(puts(region)).as("PutObject in %s: logo.png + manifest + latest-commit pointer", region)
                    .isEqualTo(1 + COMMIT_PUTS);
            assertThat(copies(region)).as("CopyObject in %s: every unchanged object", region)
                    .isEqualTo(OBJECTS - 1);
        }
        assertThat(traffic().count(S3Operation.CREATE_MULTIPART_UPLOAD)).isZero();
        assertHoldsExactly(b);
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(report.regions()).allSatisfy(r -> {
            assertThat(r.uploadedObjects()).isEqualTo(1);
            assertThat(r.uploadedBytes()).isEqualTo(logo.size());
            assertThat(r.copiedObjects()).isEqualTo(OBJECTS - 1);
            assertThat(r.copiedBytes()).isEqualTo(b.manifest().totalBytes() - logo.size());
            assertThat(r.copiedFrom()).isEqualTo("a");
            assertThat(r.skippedObjects()).isZero();
        });
        assertThat(events).filteredOn(e -> e.level() == DeployEvent.Level.PROGRESS).extracting(DeployEvent::message)
                .anyMatch(m -> m.startsWith("s3://edge-deploy-eu-west-1 (eu-west-1): 1 uploaded")
                        && m.contains("10 copied from build a") && m.contains("0 unchanged"));
    }

    @Test
    void aBuildWithOneChangedScriptUploadsItsThreeVariantsAndCopiesTheRest() throws Exception {
        upload(buildA());
        traffic().resetCounts();
        PackagedBuild b = widget("b", "export const chunk = 2;", 1, 2);

        UploadReport report = upload(b);

        for (String region : REGIONS) {
            assertThat(puts(region)).as("PutObject in %s: chunk-1a2b.js, .gz, .br + manifest + pointer", region)
                    .isEqualTo(3 + COMMIT_PUTS);
            assertThat(copies(region)).as("CopyObject in %s", region).isEqualTo(OBJECTS - 3);
        }
        assertHoldsExactly(b);
        assertThat(report.regions()).allSatisfy(r -> {
            assertThat(r.uploadedObjects()).isEqualTo(3);
            assertThat(r.copiedObjects()).isEqualTo(OBJECTS - 3);
        });
    }

    @Test
    void theFirstBuildEverUploadsEverythingAndLeavesAPointerToItself() throws Exception {
        PackagedBuild a = buildA();

        UploadReport report = upload(a);

        for (String region : REGIONS) {
            assertThat(puts(region)).as("PutObject in %s: every object + manifest + pointer", region)
                    .isEqualTo(OBJECTS + COMMIT_PUTS);
            HeadObjectResponse pointer = s3(region).headObject(b -> b.bucket(sandbox.bucket(region))
                    .key(BuildLayout.latestCommitKey()));
            assertThat(pointer.contentType()).isEqualTo("application/json");
            assertThat(pointer.cacheControl()).isEqualTo("no-cache");
        }
        assertThat(traffic().count(S3Operation.COPY_OBJECT)).isZero();
        assertHoldsExactly(a);
        assertThat(report.regions()).allSatisfy(r -> {
            assertThat(r.uploadedObjects()).isEqualTo(OBJECTS);
            assertThat(r.copiedObjects()).isZero();
            assertThat(r.copiedFrom()).isNull();
        });
    }

    @Test
    void aCorruptOrInvalidPointerMeansPlainUploadsInThatRegionAndIsRewrittenByTheCommit() throws Exception {
        upload(buildA());
        putPointer("eu-west-1", "not json {");
        putPointer("ap-southeast-2", "{\"buildId\": \"../../etc\"}");
        traffic().resetCounts();
        PackagedBuild b = widget("b", "export const chunk = 1;", 99, 2);

        UploadReport report = upload(b);

        assertThat(puts("us-east-1")).as("us-east-1: logo.png + manifest + pointer").isEqualTo(1 + COMMIT_PUTS);
        assertThat(copies("us-east-1")).isEqualTo(OBJECTS - 1);
        for (String region : List.of("eu-west-1", "ap-southeast-2")) {
            assertThat(puts(region)).as("PutObject in %s: every object + manifest + pointer", region)
                    .isEqualTo(OBJECTS + COMMIT_PUTS);
            assertThat(copies(region)).isZero();
        }
        assertHoldsExactly(b);
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(events).filteredOn(e -> e.level() == DeployEvent.Level.WARN).extracting(DeployEvent::message)
                .anyMatch(m -> m.contains("edge-deploy-eu-west-1") && m.contains("names no build"))
                .anyMatch(m -> m.contains("edge-deploy-ap-southeast-2") && m.contains("names no build"));
    }

    @Test
    void aPointerToABuildNotCommittedThereOrWithAnUnreadableManifestCopiesNothing() throws Exception {
        upload(buildA());
        for (String garbage : List.of("null", "{\"buildId\": \"a\", \"objects\": null}")) {
            putPointer("us-east-1", "{\"buildId\": \"a\"}");
            putPointer("eu-west-1", "{\"buildId\": \"never-committed\"}");
            putPointer("ap-southeast-2", "{\"buildId\": \"a\"}");
            s3("ap-southeast-2").putObject(r -> r.bucket(sandbox.bucket("ap-southeast-2"))
                    .key("assets/a/_edge-manifest.json"), RequestBody.fromString(garbage));
            events.clear();
            traffic().resetCounts();
            PackagedBuild b = widget("b" + garbage.length(), "export const chunk = 1;", 99, 2);

            upload(b);

            for (String region : List.of("eu-west-1", "ap-southeast-2")) {
                assertThat(puts(region)).as("%s (%s): every object + manifest + pointer", region, garbage)
                        .isEqualTo(OBJECTS + COMMIT_PUTS);
                assertThat(copies(region)).isZero();
            }
            assertThat(copies("us-east-1")).as("us-east-1 copies from a")
                    .isEqualTo(OBJECTS - 1);
            assertHoldsExactly(b);
            assertThat(events).filteredOn(e -> e.level() == DeployEvent.Level.WARN).extracting(DeployEvent::message)
                    .anyMatch(m -> m.contains("edge-deploy-ap-southeast-2") && m.contains("cannot be read"));
        }
    }

    @Test
    void aLostCopyResponseIsSettledByComparingTheCopyTheRetryMet() throws Exception {
        upload(buildA());
        traffic().resetCounts();
        traffic().failNext(S3Operation.COPY_OBJECT, 1, S3Fault.RESPONSE_LOST);
        PackagedBuild b = widget("b", "export const chunk = 1;", 99, 2);

        UploadReport report = upload(b);

        // the SDK's retry met the copy its first attempt made (412), which compared equal
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(traffic().count(S3Operation.COPY_OBJECT)).as("every copy, one of them twice")
                .isEqualTo(3L * (OBJECTS - 1) + 1);
        assertThat(traffic().count(S3Operation.PUT_OBJECT)).as("logo.png + manifest + pointer, per region")
                .isEqualTo(3 * (1 + COMMIT_PUTS));
        assertThat(report.regions().stream().mapToLong(UploadReport.RegionReport::skippedObjects).sum()).isEqualTo(1);
        assertThat(report.regions().stream().mapToLong(UploadReport.RegionReport::copiedObjects).sum())
                .isEqualTo(3L * (OBJECTS - 1) - 1);
        assertHoldsExactly(b);
    }

    @Test
    void anUnchangedMultipartObjectIsCopiedWhenTheDonorStillHoldsItsSha256() throws Exception {
        UploadOptions small = new UploadOptions(5L * 1024 * 1024, 5L * 1024 * 1024);
        byte[] vendor = PackagedBuildFixture.randomBytes(6 * 1024 * 1024, 5);
        PackagedBuild a = PackagedBuildFixture.build("a")
                .object("vendor.js", "text/javascript", null, vendor)
                .object("index.js", "text/javascript", null, "import('./vendor.js'); // a")
                .writeTo(work.resolve("a"));
        new ReplicatedUploader(clients, small).upload(a, target, events::add);
        traffic().resetCounts();
        PackagedBuild b = PackagedBuildFixture.build("b")
                .object("vendor.js", "text/javascript", null, vendor)
                .object("index.js", "text/javascript", null, "import('./vendor.js'); // b")
                .writeTo(work.resolve("b"));

        UploadReport report = new ReplicatedUploader(clients, small).upload(b, target, events::add);

        for (String region : REGIONS) {
            assertThat(copies(region)).as("CopyObject in %s: vendor.js", region).isEqualTo(1);
            assertThat(puts(region)).as("PutObject in %s: index.js + manifest + pointer", region)
                    .isEqualTo(1 + COMMIT_PUTS);
        }
        assertThat(traffic().count(S3Operation.UPLOAD_PART)).isZero();
        assertHoldsExactly(b);
        assertThat(report.regions()).allSatisfy(r -> assertThat(r.copiedBytes()).isEqualTo(vendor.length));
    }

    @Test
    void donorObjectsDeletedOrRewrittenAfterTheirManifestAreUploadedInstead() throws Exception {
        upload(buildA());
        s3("us-east-1").deleteObject(r -> r.bucket(sandbox.bucket("us-east-1")).key("assets/a/chunk-1a2b.js.gz"));
        // same size, same sha256 metadata, other bytes: only the ETag (MD5) can tell
        s3("eu-west-1").putObject(r -> r.bucket(sandbox.bucket("eu-west-1")).key("assets/a/logo.png")
                        .contentType("image/png").cacheControl(PackagedBuildFixture.IMMUTABLE)
                        .metadata(Map.of("sha256", buildA().manifest().object("assets/a/logo.png").orElseThrow()
                                .sha256())),
                RequestBody.fromBytes(PackagedBuildFixture.randomBytes(2048, 7)));
        traffic().resetCounts();
        PackagedBuild b = widget("b", "export const chunk = 1;", 1, 99);

        UploadReport report = upload(b);

        assertThat(puts("us-east-1")).as("us-east-1: font.woff2 + the deleted chunk-1a2b.js.gz + manifest + pointer")
                .isEqualTo(2 + COMMIT_PUTS);
        assertThat(puts("eu-west-1")).as("eu-west-1: font.woff2 + the rewritten logo.png + manifest + pointer")
                .isEqualTo(2 + COMMIT_PUTS);
        assertThat(puts("ap-southeast-2")).as("ap-southeast-2: font.woff2 + manifest + pointer")
                .isEqualTo(1 + COMMIT_PUTS);
        assertThat(copies("us-east-1")).isEqualTo(OBJECTS - 2);
        assertThat(copies("eu-west-1")).isEqualTo(OBJECTS - 2);
        assertThat(copies("ap-southeast-2")).isEqualTo(OBJECTS - 1);
        assertHoldsExactly(b);
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
    }

    @Test
    void aDonorObjectDeletedOrRewrittenBetweenPlanAndCopyFallsBackToAPutAndTheBuildCommits() throws Exception {
        upload(buildA());
        traffic().resetCounts();
        PackagedBuild b = widget("b", "export const chunk = 1;", 1, 99);
        DeployListener racer = event -> {
            events.add(event);
            if (event.level() == DeployEvent.Level.LIFECYCLE && event.message().matches("Uploading \\d+ object.*")) {
                s3("us-east-1").deleteObject(r -> r.bucket(sandbox.bucket("us-east-1")).key("assets/a/style.css"));
                s3("eu-west-1").putObject(r -> r.bucket(sandbox.bucket("eu-west-1")).key("assets/a/style.css"),
                        RequestBody.fromString("body { margin: 1px }"));
            }
        };

        UploadReport report = upload(b, racer);

        for (String region : List.of("us-east-1", "eu-west-1")) {
            assertThat(copies(region)).as("CopyObject in %s: every unchanged object, style.css refused", region)
                    .isEqualTo(OBJECTS - 1);
        }
        assertThat(puts("us-east-1")).as("us-east-1: font.woff2 + style.css + manifest + pointer")
                .isEqualTo(2 + COMMIT_PUTS);
        assertThat(puts("eu-west-1")).as("eu-west-1: the racer's rewrite + font.woff2 + style.css + manifest + pointer")
                .isEqualTo(1 + 2 + COMMIT_PUTS);
        assertThat(puts("ap-southeast-2")).isEqualTo(1 + COMMIT_PUTS);
        assertHoldsExactly(b);
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(report.regions().get(0).uploadedObjects()).isEqualTo(2);
        assertThat(report.regions().get(0).copiedObjects()).isEqualTo(OBJECTS - 2);
        assertThat(report.regions().get(1).uploadedObjects()).isEqualTo(2);
        assertThat(report.regions().get(1).copiedObjects()).isEqualTo(OBJECTS - 2);
    }

    @Test
    void theSameBuildAgainCopiesNothingAndLeavesThePointerAlone() {
        PackagedBuild a = buildA();
        upload(a);
        traffic().resetCounts();

        UploadReport again = upload(widget("a", "export const chunk = 1;", 1, 2));

        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
        assertThat(traffic().count(S3Operation.COPY_OBJECT)).isZero();
        assertThat(again.outcome()).isEqualTo(UploadReport.Outcome.ALREADY_COMMITTED);
    }

    private void putPointer(String region, String json) {
        s3(region).putObject(r -> r.bucket(sandbox.bucket(region)).key(BuildLayout.latestCommitKey()),
                RequestBody.fromString(json));
    }

    /** Every region holds every object of the build with its bytes and headers, its manifest, and a pointer to it. */
    private void assertHoldsExactly(PackagedBuild build) throws Exception {
        for (String region : REGIONS) {
            String bucket = sandbox.bucket(region);
            for (ManifestObject object : build.manifest().objects()) {
                HeadObjectResponse head = s3(region).headObject(r -> r.bucket(bucket).key(object.key())
                        .checksumMode(ChecksumMode.ENABLED));
                assertThat(head.contentType()).as(object.key()).isEqualTo(object.contentType());
                assertThat(head.contentEncoding()).as(object.key()).isEqualTo(object.contentEncoding());
                assertThat(head.cacheControl()).as(object.key()).isEqualTo(object.cacheControl());
                assertThat(head.metadata()).as(object.key()).containsEntry("sha256", object.sha256());
                assertThat(head.checksumSHA256()).as("S3's own SHA-256 of %s in %s", object.key(), region)
                        .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(object.sha256())));
                assertThat(s3(region).getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray())
                        .as(object.key()).isEqualTo(Files.readAllBytes(build.objectFile(object)));
            }
            assertThat(s3(region).getObjectAsBytes(r -> r.bucket(bucket).key(BuildLayout.manifestKey(build.buildId())))
                    .asByteArray()).isEqualTo(Files.readAllBytes(build.manifestFile()));
            assertThat(LatestCommit.parse(s3(region).getObjectAsBytes(r -> r.bucket(bucket)
                    .key(BuildLayout.latestCommitKey())).asByteArray())).contains(build.buildId());
        }
    }
}
