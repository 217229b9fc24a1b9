package dev.edgedeploy.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgedeploy.core.ImmutableBuildException;
import dev.edgedeploy.core.TargetException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The replicated upload against the sandbox's S3, three regions, real SDK clients with production defaults. */
class ReplicatedUploaderTest {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");

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
        clients = new AwsClients(settings(3));
        target = new DeployTarget(new BucketTarget("us-east-1", sandbox.bucket("us-east-1")),
                List.of(new BucketTarget("eu-west-1", sandbox.bucket("eu-west-1")),
                        new BucketTarget("ap-southeast-2", sandbox.bucket("ap-southeast-2"))));
    }

    @AfterEach
    void stop() {
        clients.close();
        sandbox.close();
    }

    private AwsSettings settings(int maxAttempts) {
        return AwsSettings.defaults()
                .withEndpoints(ServiceEndpoints.s3Only(sandbox.s3Endpoint()))
                .withCredentials(CredentialsSource.staticKeys(sandbox.credentials().accessKeyId(),
                        sandbox.credentials().secretAccessKey()))
                .withMaxAttempts(maxAttempts)
                .withMaxConcurrency(8);
    }

    private UploadReport upload(PackagedBuild build) {
        return upload(build, UploadOptions.defaults(), events::add);
    }

    private UploadReport upload(PackagedBuild build, UploadOptions options, DeployListener listener) {
        return new ReplicatedUploader(clients, options).upload(build, target, listener);
    }

    private PackagedBuild widget(String buildId, String directory) {
        return PackagedBuildFixture.widget(buildId).writeTo(work.resolve(directory));
    }

    private S3Client s3(String region) {
        return clients.s3(region);
    }

    private S3Traffic traffic() {
        return sandbox.s3Traffic();
    }

    @Test
    void firstUploadPutsEveryObjectInEveryRegionWithItsHeadersAndBytesThenTheManifest() throws Exception {
        PackagedBuild build = widget("b1", "b1");

        UploadReport report = upload(build);

        for (String region : REGIONS) {
            String bucket = sandbox.bucket(region);
            for (ManifestObject object : build.manifest().objects()) {
                HeadObjectResponse head = s3(region).headObject(b -> b.bucket(bucket).key(object.key()));
                assertThat(head.contentType()).isEqualTo(object.contentType());
                assertThat(head.contentEncoding()).isEqualTo(object.contentEncoding());
                assertThat(head.cacheControl()).isEqualTo(PackagedBuildFixture.IMMUTABLE);
                assertThat(head.metadata()).containsEntry("sha256", object.sha256());
                // S3 stored (and so checked) the SHA-256 we sent
                assertThat(s3(region).headObject(b -> b.bucket(bucket).key(object.key())
                        .checksumMode(ChecksumMode.ENABLED)).checksumSHA256())
                        .isEqualTo(java.util.Base64.getEncoder().encodeToString(
                                java.util.HexFormat.of().parseHex(object.sha256())));
                assertThat(s3(region).getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray())
                        .isEqualTo(Files.readAllBytes(build.objectFile(object)));
            }
            String manifestKey = BuildLayout.manifestKey(build.buildId());
            HeadObjectResponse manifest = s3(region).headObject(b -> b.bucket(bucket).key(manifestKey));
            assertThat(manifest.contentType()).isEqualTo("application/json");
            assertThat(manifest.cacheControl()).isEqualTo("no-cache");
            assertThat(s3(region).getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey)).asByteArray())
                    .isEqualTo(Files.readAllBytes(build.manifestFile()));
        }
        int objects = build.manifest().objects().size();
        assertThat(traffic().count(S3Operation.PUT_OBJECT))
                .as("every object, the manifest and the latest-commit pointer, in each region")
                .isEqualTo((objects + 2L) * REGIONS.size());
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(report.regions()).extracting(UploadReport.RegionReport::region).containsExactlyElementsOf(REGIONS);
        assertThat(report.regions()).allSatisfy(r -> {
            assertThat(r.uploadedObjects()).isEqualTo(objects);
            assertThat(r.uploadedBytes()).isEqualTo(build.manifest().totalBytes());
            assertThat(r.skippedObjects()).isZero();
            assertThat(r.alreadyCommitted()).isFalse();
        });
    }

    @Test
    void reportsOneLifecycleLinePerPhaseAndPerRegionProgress() {
        upload(widget("b1", "b1"));

        assertThat(events.stream().filter(e -> e.level() == DeployEvent.Level.LIFECYCLE).map(DeployEvent::message))
                .hasSize(6)
                .anyMatch(m -> m.startsWith("Checking 3 bucket(s)"))
                .anyMatch(m -> m.startsWith("Comparing build b1"))
                .anyMatch(m -> m.startsWith("Uploading 15 object(s)"))
                .anyMatch(m -> m.startsWith("Verifying 5 object(s) in 3 region(s)"))
                .anyMatch(m -> m.startsWith("Committing build b1"));
        assertThat(events.stream().filter(e -> e.level() == DeployEvent.Level.PROGRESS).map(DeployEvent::message))
                .anyMatch(m -> m.contains("edge-deploy-ap-southeast-2")
                        && m.contains("5 uploaded") && m.contains("0 copied") && m.contains("0 unchanged"));
    }

    @Test
    void anUnchangedBuildUploadedAgainMakesNoPut() {
        PackagedBuild build = widget("b1", "b1");
        upload(build);
        traffic().resetCounts();

        UploadReport again = upload(widget("b1", "b1-again"));

        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
        assertThat(traffic().count(S3Operation.CREATE_MULTIPART_UPLOAD)).isZero();
        assertThat(again.outcome()).isEqualTo(UploadReport.Outcome.ALREADY_COMMITTED);
        assertThat(again.regions()).allSatisfy(r -> {
            assertThat(r.uploadedObjects()).isZero();
            assertThat(r.skippedObjects()).isEqualTo(5);
            assertThat(r.skippedBytes()).isEqualTo(build.manifest().totalBytes());
            assertThat(r.alreadyCommitted()).isTrue();
        });
    }

    @Test
    void anObjectDeletedFromOneRegionIsTheOnlyOneUploadedAgain() {
        PackagedBuild build = widget("b1", "b1");
        upload(build);
        String lost = BuildLayout.key(build.buildId(), "chunk-1a2b.js");
        s3("eu-west-1").deleteObject(b -> b.bucket(sandbox.bucket("eu-west-1")).key(lost));
        traffic().resetCounts();

        UploadReport again = upload(build);

        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isEqualTo(1);
        assertThat(traffic().count(S3Operation.PUT_OBJECT, sandbox.bucket("eu-west-1"))).isEqualTo(1);
        assertThat(s3("eu-west-1").getObjectAsBytes(b -> b.bucket(sandbox.bucket("eu-west-1")).key(lost))
                .asUtf8String()).isEqualTo("export const chunk = 1;");
        assertThat(again.regions().get(1).uploadedObjects()).isEqualTo(1);
        assertThat(again.regions().get(1).skippedObjects()).isEqualTo(4);
    }

    @Test
    void theSameBuildIdWithDifferentBytesIsRefusedNamingTheKeyAndNothingIsOverwritten() {
        PackagedBuild first = widget("b1", "b1");
        upload(first);
        traffic().resetCounts();
        // same size, other bytes: only the content comparison can tell
        PackagedBuild reused = PackagedBuildFixture.widget("b1")
                .writeTo(work.resolve("b1-reused"));
        PackagedBuild changed = PackagedBuildFixture.build("b1")
                .object("index.js", "text/javascript", null, "console.log('entry of b1');")
                .object("index.js.gz", "text/javascript", "gzip", PackagedBuildFixture.randomBytes(300, 1))
                .object("chunk-1a2b.js", "text/javascript", null, "export const chunk = 2;")
                .object("chunk-1a2b.js.LICENSE.txt", "text/plain; charset=utf-8", null, "MIT")
                .object("logo.png", "image/png", null, PackagedBuildFixture.randomBytes(2048, 2))
                .writeTo(work.resolve("b1-changed"));
        assertThat(reused.manifest()).isEqualTo(first.manifest());

        assertThatThrownBy(() -> upload(changed))
                .isInstanceOf(ImmutableBuildException.class)
                .hasMessageContaining("assets/b1/")
                .hasMessageContaining("Nothing was overwritten");
        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
        String chunk = BuildLayout.key(first.buildId(), "chunk-1a2b.js");
        for (String region : REGIONS) {
            assertThat(s3(region).getObjectAsBytes(b -> b.bucket(sandbox.bucket(region)).key(chunk)).asUtf8String())
                    .isEqualTo("export const chunk = 1;");
        }
    }

    @Test
    void aDifferentObjectIsNamedInTheRefusal() {
        PackagedBuild first = widget("b1", "b1");
        upload(first);
        PackagedBuild changed = PackagedBuildFixture.build("b1")
                .object("chunk-1a2b.js", "text/javascript", null, "export const chunk = 2;")
                .writeTo(work.resolve("b1-changed"));

        assertThatThrownBy(() -> upload(changed))
                .isInstanceOf(ImmutableBuildException.class)
                .hasMessageContaining("assets/b1/");
    }

    @Test
    void anObjectWrittenByAnotherDeployBetweenPlanAndPutIsComparedNotOverwritten() {
        PackagedBuild build = widget("b1", "b1");
        ManifestObject chunk = build.manifest().object(BuildLayout.key(build.buildId(), "chunk-1a2b.js")).orElseThrow();
        DeployListener racer = event -> {
            events.add(event);
            if (event.message().startsWith("Uploading ")) {
                s3("us-east-1").putObject(b -> b.bucket(sandbox.bucket("us-east-1")).key(chunk.key())
                        .metadata(java.util.Map.of("sha256", chunk.sha256())), RequestBody.fromString(
                        "export const chunk = 1;"));
            }
        };

        UploadReport report = upload(build, UploadOptions.defaults(), racer);

        assertThat(report.regions().get(0).uploadedObjects()).isEqualTo(4);
        assertThat(report.regions().get(0).skippedObjects()).isEqualTo(1);
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
    }

    @Test
    void aDifferentObjectWrittenByAnotherDeployBetweenPlanAndPutIsRefusedAndNothingIsCommitted() {
        PackagedBuild build = widget("b1", "b1");
        String chunk = BuildLayout.key(build.buildId(), "chunk-1a2b.js");
        DeployListener racer = event -> {
            if (event.message().startsWith("Uploading ")) {
                s3("ap-southeast-2").putObject(b -> b.bucket(sandbox.bucket("ap-southeast-2")).key(chunk),
                        RequestBody.fromString("export const chunk = 9;"));
            }
        };

        assertThatThrownBy(() -> upload(build, UploadOptions.defaults(), racer))
                .isInstanceOf(ImmutableBuildException.class)
                .hasMessageContaining(chunk)
                .hasMessageContaining("ap-southeast-2");
        assertNoManifestAnywhere(build);
    }

    @Test
    void aRunInterruptedMidUploadLeavesNoManifestAndARerunConvergesAndCommits() {
        PackagedBuildFixture fixture = PackagedBuildFixture.build("b2");
        for (int i = 0; i < 12; i++) {
            fixture.object("chunk-" + i + ".js", "text/javascript", null, "export const n = " + i + ";");
        }
        PackagedBuild build = fixture.writeTo(work.resolve("b2"));
        clients.close();
        clients = new AwsClients(settings(2));
        traffic().failAfter(S3Operation.PUT_OBJECT, 5, S3Fault.INTERNAL_ERROR);

        assertThatThrownBy(() -> upload(build))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("500 InternalError")
                .hasMessageContaining("Nothing was committed");
        assertNoManifestAnywhere(build);

        traffic().clearFaults();
        UploadReport rerun = upload(build);

        assertThat(rerun.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(rerun.regions().stream().mapToLong(UploadReport.RegionReport::skippedObjects).sum()).isEqualTo(5);
        assertThat(rerun.regions()).allSatisfy(r ->
                assertThat(r.uploadedObjects() + r.skippedObjects()).isEqualTo(12));
        for (String region : REGIONS) {
            assertThat(s3(region).listObjectsV2(b -> b.bucket(sandbox.bucket(region))
                    .prefix(BuildLayout.prefix(build.buildId()))).keyCount()).isEqualTo(13);
        }
    }

    @Test
    void throttlingIsRetriedByTheSdkAndCountedInTheReport() {
        traffic().failNext(S3Operation.PUT_OBJECT, 2, S3Fault.SLOW_DOWN);

        UploadReport report = upload(widget("b1", "b1"));

        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(report.regions().stream().mapToLong(UploadReport.RegionReport::retries).sum()).isEqualTo(2);
    }

    @Test
    void aLostPutResponseIsSettledByComparingTheStoredObjectAndTheBuildCommits() {
        traffic().failNext(S3Operation.PUT_OBJECT, 1, S3Fault.RESPONSE_LOST);

        UploadReport report = upload(widget("b1", "b1"));

        // the SDK's retry met the object its first attempt stored (412), which compared equal
        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(report.regions().stream().mapToLong(UploadReport.RegionReport::skippedObjects).sum()).isEqualTo(1);
        assertThat(report.regions()).allSatisfy(r ->
                assertThat(r.uploadedObjects() + r.skippedObjects()).isEqualTo(5));
    }

    @Test
    void aPartWhoseConnectionDropsIsSentAgainFromTheFile() {
        byte[] big = PackagedBuildFixture.randomBytes(6 * 1024 * 1024, 4);
        PackagedBuild build = PackagedBuildFixture.build("b4")
                .object("vendor.js", "text/javascript", null, big)
                .writeTo(work.resolve("b4"));
        traffic().failNext(S3Operation.UPLOAD_PART, 1, S3Fault.CONNECTION_RESET);

        upload(build, new UploadOptions(5L * 1024 * 1024, 5L * 1024 * 1024), events::add);

        String key = BuildLayout.key(build.buildId(), "vendor.js");
        for (String region : REGIONS) {
            assertThat(s3(region).getObjectAsBytes(b -> b.bucket(sandbox.bucket(region)).key(key)).asByteArray())
                    .isEqualTo(big);
        }
        assertThat(traffic().count(S3Operation.UPLOAD_PART)).isEqualTo(7);
    }

    @Test
    void aMissingBucketFailsBeforeAnyWriteInAnyRegionNamingRegionBucketAndFix() {
        target = new DeployTarget(target.primary(), List.of(target.replicas().get(0),
                new BucketTarget("ap-southeast-2", "edge-deploy-nowhere")));

        assertThatThrownBy(() -> upload(widget("b1", "b1")))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.userFixable()).isTrue())
                .hasMessageContaining("edge-deploy-nowhere (ap-southeast-2) does not exist")
                .hasMessageContaining("edge-deploy:bootstrap")
                .hasMessageContaining("<buckets>");
        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
        assertThat(traffic().count(S3Operation.LIST_OBJECTS)).isZero();
    }

    @Test
    void refusedCredentialsFailBeforeAnyWrite() {
        clients.close();
        clients = new AwsClients(settings(1).withCredentials(CredentialsSource.staticKeys(
                sandbox.credentials().accessKeyId(), "wrong-secret")));

        assertThatThrownBy(() -> upload(widget("b1", "b1")))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("(us-east-1)")
                .hasMessageContaining("(eu-west-1)");
        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
    }

    @Test
    void aLargeObjectGoesMultipartVerifiesAndIsSkippedNextTime() throws Exception {
        byte[] big = PackagedBuildFixture.randomBytes(11 * 1024 * 1024 + 17, 3);
        PackagedBuild build = PackagedBuildFixture.build("b3")
                .object("vendor.js", "text/javascript", null, big)
                .object("index.js", "text/javascript", null, "import('./vendor.js');")
                .writeTo(work.resolve("b3"));
        UploadOptions small = new UploadOptions(5L * 1024 * 1024, 5L * 1024 * 1024);

        UploadReport report = upload(build, small, events::add);

        assertThat(report.outcome()).isEqualTo(UploadReport.Outcome.COMMITTED);
        assertThat(traffic().count(S3Operation.CREATE_MULTIPART_UPLOAD)).isEqualTo(3);
        assertThat(traffic().count(S3Operation.UPLOAD_PART)).isEqualTo(9);
        assertThat(traffic().count(S3Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(3);
        String key = BuildLayout.key(build.buildId(), "vendor.js");
        for (String region : REGIONS) {
            assertThat(s3(region).getObjectAsBytes(b -> b.bucket(sandbox.bucket(region)).key(key)).asByteArray())
                    .isEqualTo(big);
            HeadObjectResponse head = s3(region).headObject(b -> b.bucket(sandbox.bucket(region)).key(key));
            assertThat(head.eTag()).endsWith("-3\"");
            assertThat(head.contentType()).isEqualTo("text/javascript");
            assertThat(head.cacheControl()).isEqualTo(PackagedBuildFixture.IMMUTABLE);
        }
        traffic().resetCounts();

        UploadReport again = upload(build, small, events::add);

        assertThat(again.outcome()).isEqualTo(UploadReport.Outcome.ALREADY_COMMITTED);
        assertThat(traffic().count(S3Operation.UPLOAD_PART)).isZero();
        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
    }

    @Test
    void aDifferentManifestAlreadyCommittedIsRefusedBeforeAnyWrite() {
        PackagedBuild build = widget("b1", "b1");
        String manifestKey = BuildLayout.manifestKey(build.buildId());
        s3("eu-west-1").putObject(b -> b.bucket(sandbox.bucket("eu-west-1")).key(manifestKey),
                RequestBody.fromString("{\"other\":true}"));
        traffic().resetCounts();

        assertThatThrownBy(() -> upload(build))
                .isInstanceOf(ImmutableBuildException.class)
                .hasMessageContaining(manifestKey);
        assertThat(traffic().count(S3Operation.PUT_OBJECT)).isZero();
    }

    @Test
    void theReportSerialisesToJson() throws Exception {
        UploadReport report = upload(widget("b1", "b1"));

        String json = JsonMapper.builder().build().writeValueAsString(report);

        assertThat(json).contains("\"buildId\":\"b1\"", "\"outcome\":\"COMMITTED\"", "\"uploadedObjects\":5",
                "\"region\":\"ap-southeast-2\"", "\"alreadyCommitted\":false", "\"uploadMillis\":");
        assertThat(JsonMapper.builder().build().readValue(json, UploadReport.class)).isEqualTo(report);
    }

    @Test
    void anIncompletePackageIsRefusedBeforeAnyRemoteCall() throws Exception {
        PackagedBuild build = widget("b1", "b1");
        Files.delete(build.objectFile(build.manifest().objects().get(0)));

        assertThatThrownBy(() -> upload(build))
                .isInstanceOf(dev.edgedeploy.core.InvalidInputException.class)
                .hasMessageContaining("is missing from the packaged build");
        assertThat(traffic().counts()).isEmpty();
    }

    @Test
    void anInterruptedUploadStopsRestoresTheInterruptFlagAndCommitsNothing() {
        PackagedBuild build = widget("b1", "b1");
        DeployListener interrupter = event -> {
            if (event.message().startsWith("Uploading ")) {
                Thread.currentThread().interrupt();
            }
        };

        try {
            assertThatThrownBy(() -> upload(build, UploadOptions.defaults(), interrupter))
                    .isInstanceOf(TargetException.class)
                    .hasMessageContaining("interrupted")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertNoManifestAnywhere(build);
    }

    @Test
    void warnsAboutObjectsUnderTheBuildPrefixThatTheBuildDoesNotHave() {
        s3("eu-west-1").putObject(b -> b.bucket(sandbox.bucket("eu-west-1")).key("assets/b1/old-chunk.js"),
                RequestBody.fromString("x"));

        upload(widget("b1", "b1"));

        assertThat(events).filteredOn(e -> e.level() == DeployEvent.Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("edge-deploy-eu-west-1", "1 object(s)",
                        "assets/b1/"));
        assertThat(s3("eu-west-1").headObject(b -> b.bucket(sandbox.bucket("eu-west-1"))
                .key("assets/b1/old-chunk.js")).contentLength()).isEqualTo(1);
    }

    private void assertNoManifestAnywhere(PackagedBuild build) {
        String manifestKey = BuildLayout.manifestKey(build.buildId());
        for (String region : REGIONS) {
            assertThatThrownBy(() -> s3(region).headObject(b -> b.bucket(sandbox.bucket(region)).key(manifestKey)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }
}
