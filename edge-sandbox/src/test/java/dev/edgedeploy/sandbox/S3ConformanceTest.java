package dev.edgedeploy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.edgedeploy.sandbox.lambda.WorkerCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * What AWS S3 keeps, returns and refuses, checked against the sandbox with the real SDK client the product uses
 * (production defaults: checksums on, standard retries), on the filesystem store.
 */
class S3ConformanceTest {

    private static final String REGION = "us-east-1";
    private static final String BUCKET = "edge-deploy-us-east-1";

    @TempDir
    Path state;

    private EdgeSandbox sandbox;
    private S3Client s3;

    @BeforeEach
    void start() {
        sandbox = open();
        s3 = client(sandbox, sandbox.credentials().secretAccessKey());
    }

    @AfterEach
    void stop() {
        s3.close();
        sandbox.close();
    }

    private EdgeSandbox open() {
        return EdgeSandbox.builder().stateDirectory(state).region(REGION, BUCKET).region("eu-west-1",
                "edge-deploy-eu-west-1").start();
    }

    private static S3Client client(EdgeSandbox sandbox, String secret) {
        return S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(sandbox.s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(sandbox.credentials().accessKeyId(), secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)) // 3 attempts
                .build();
    }

    @Test
    void keepsContentHeadersAndUserMetadataAcrossARestartOnTheSameStateDirectory() {
        byte[] body = "console.log('hi')".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(BUCKET).key("assets/b1/index.js.gz")
                        .contentType("application/javascript; charset=utf-8")
                        .contentEncoding("gzip")
                        .cacheControl("public, max-age=31536000, immutable")
                        .metadata(Map.of("sha256", sha256Hex(body))),
                RequestBody.fromBytes(body));

        s3.close();
        sandbox.close();
        sandbox = open();
        s3 = client(sandbox, EdgeSandbox.SECRET_ACCESS_KEY);

        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("assets/b1/index.js.gz"));
        assertThat(head.contentType()).isEqualTo("application/javascript; charset=utf-8");
        assertThat(head.contentEncoding()).isEqualTo("gzip");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(head.metadata()).containsEntry("sha256", sha256Hex(body));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("assets/b1/index.js.gz")).asByteArray())
                .isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=utf-8", "text/html; charset=UTF-8", "application/json; charset=utf-8",
            "text/plain;charset=utf-8", "text/css", "application/javascript; charset=utf-8", "image/svg+xml"})
    void returnsTheContentTypeExactlyAsStored(String contentType) {
        s3.putObject(b -> b.bucket(BUCKET).key("typed").contentType(contentType), RequestBody.fromString("x"));

        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("typed")).contentType()).isEqualTo(contentType);
        String got = s3.getObject(b -> b.bucket(BUCKET).key("typed"), (response, in) -> response.contentType());
        assertThat(got).isEqualTo(contentType);
    }

    @Test
    void etagOfASinglePutIsTheQuotedHexMd5OfTheBytes() throws Exception {
        byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromBytes(body)).eTag();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));

        assertThat(etag).isEqualTo("\"" + md5 + "\"");
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::eTag)
                .containsExactly("\"" + md5 + "\"");
    }

    @Test
    void putWithIfNoneMatchStarOnAnExistingKeyIsPreconditionFailedAndKeepsTheOldBytes() {
        s3.putObject(b -> b.bucket(BUCKET).key("k").ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("k").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void aFunctionSigningWithItsExecutionRoleCredentialsReadsAndWritesObjects() {
        WorkerCredentials role = WorkerCredentials.sandbox();
        try (S3Client asFunction = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(sandbox.s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        role.accessKeyId(), role.secretAccessKey(), role.sessionToken())))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            asFunction.putObject(b -> b.bucket(BUCKET).key("_edge-deploy/weights/f-live.json").ifNoneMatch("*"),
                    RequestBody.fromString("{}"));

            assertThat(asFunction.getObjectAsBytes(b -> b.bucket(BUCKET).key("_edge-deploy/weights/f-live.json"))
                    .asUtf8String()).isEqualTo("{}");
        }
    }

    @Test
    void putWithIfMatchTheCurrentEtagReplacesTheObject() {
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("first")).eTag();

        s3.putObject(b -> b.bucket(BUCKET).key("k").ifMatch(etag), RequestBody.fromString("second"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("second");
    }

    @Test
    void putWithIfMatchAStaleEtagIsPreconditionFailedAndKeepsTheNewerBytes() {
        String stale = s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("first")).eTag();
        s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("second"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("k").ifMatch(stale),
                RequestBody.fromString("third")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("second");
    }

    @Test
    void putWithIfMatchOnAMissingKeyWritesNothing() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("absent").ifMatch("\"0123\""),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isIn(404, 412));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("absent")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void completeMultipartUploadWithIfNoneMatchStarOnAnExistingKeyIsPreconditionFailed() {
        s3.putObject(b -> b.bucket(BUCKET).key("big"), RequestBody.fromString("already here"));
        byte[] part1 = randomBytes(5 * 1024 * 1024, 1);
        byte[] part2 = randomBytes(1024, 2);

        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("big")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        List<CompletedPart> parts = uploadParts(uploadId, "big", part1, part2);

        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("big").uploadId(uploadId)
                .ifNoneMatch("*").multipartUpload(m -> m.parts(parts))))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big")).asUtf8String()).isEqualTo("already here");
    }

    @Test
    void multipartUploadWithPerPartSha256ChecksumsStoresTheConcatenatedBytes() {
        byte[] part1 = randomBytes(5 * 1024 * 1024, 3);
        byte[] part2 = randomBytes(777, 4);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("big").contentType("text/plain")
                .cacheControl("no-cache").metadata(Map.of("sha256", "x"))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        List<CompletedPart> parts = uploadParts(uploadId, "big", part1, part2);

        String etag = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("big").uploadId(uploadId)
                .ifNoneMatch("*").multipartUpload(m -> m.parts(parts))).eTag();

        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big")).asByteArray();
        assertThat(stored).hasSize(part1.length + part2.length);
        assertThat(stored).startsWith(part1).endsWith(part2);
        assertThat(etag).endsWith("-2\"");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("big"));
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.cacheControl()).isEqualTo("no-cache");
        assertThat(head.metadata()).containsEntry("sha256", "x");
        assertThat(sandbox.s3Traffic().count(S3Operation.UPLOAD_PART, BUCKET)).isEqualTo(2);
        assertThat(sandbox.s3Traffic().count(S3Operation.COMPLETE_MULTIPART_UPLOAD, BUCKET)).isEqualTo(1);
    }

    @Test
    void copyWithMetadataDirectiveCopyKeepsBytesContentHeadersAndUserMetadataAndComputesTheSha256() {
        byte[] body = "console.log('copied')".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(BUCKET).key("assets/a/index.js.gz")
                        .contentType("text/javascript")
                        .contentEncoding("gzip")
                        .cacheControl("public, max-age=31536000, immutable")
                        .metadata(Map.of("sha256", sha256Hex(body))),
                RequestBody.fromBytes(body));
        String sourceEtag = s3.headObject(b -> b.bucket(BUCKET).key("assets/a/index.js.gz")).eTag();

        String etag = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("assets/a/index.js.gz")
                .destinationBucket(BUCKET).destinationKey("assets/b/index.js.gz")
                .copySourceIfMatch(sourceEtag)
                .ifNoneMatch("*")
                .metadataDirective(MetadataDirective.COPY)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).copyObjectResult().eTag();

        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("assets/b/index.js.gz")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(head.contentType()).isEqualTo("text/javascript");
        assertThat(head.contentEncoding()).isEqualTo("gzip");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(head.metadata()).containsEntry("sha256", sha256Hex(body));
        assertThat(head.checksumSHA256()).isEqualTo(sha256Base64(body));
        assertThat(etag).isEqualTo(sourceEtag); // a single PUT's ETag is the MD5 of the bytes, so a copy keeps it
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("assets/b/index.js.gz")).asByteArray())
                .isEqualTo(body);
        assertThat(sandbox.s3Traffic().count(S3Operation.COPY_OBJECT, BUCKET)).isEqualTo(1);
    }

    @Test
    void copyWithIfNoneMatchStarOnAnExistingDestinationIsPreconditionFailedAndKeepsTheOldBytes() {
        s3.putObject(b -> b.bucket(BUCKET).key("source"), RequestBody.fromString("source"));
        s3.putObject(b -> b.bucket(BUCKET).key("taken"), RequestBody.fromString("already here"));

        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("source")
                .destinationBucket(BUCKET).destinationKey("taken").ifNoneMatch("*")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("taken")).asUtf8String()).isEqualTo("already here");
    }

    @Test
    void copyWhoseSourceEtagNoLongerMatchesIsPreconditionFailedAndWritesNothing() {
        s3.putObject(b -> b.bucket(BUCKET).key("source"), RequestBody.fromString("first"));
        String firstEtag = s3.headObject(b -> b.bucket(BUCKET).key("source")).eTag();
        s3.putObject(b -> b.bucket(BUCKET).key("source"), RequestBody.fromString("changed"));

        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("source")
                .destinationBucket(BUCKET).destinationKey("copy").copySourceIfMatch(firstEtag).ifNoneMatch("*")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("copy")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void copyOfAMissingSourceIsNoSuchKey() {
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("gone")
                .destinationBucket(BUCKET).destinationKey("copy").ifNoneMatch("*")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                });
    }

    @Test
    void acceptsTheSdkDefaultChecksumAndAnExplicitCorrectSha256() {
        byte[] body = "checked".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(BUCKET).key("default"), RequestBody.fromBytes(body));
        s3.putObject(b -> b.bucket(BUCKET).key("sha"), RequestBody.fromBytes(body));
        s3.putObject(b -> b.bucket(BUCKET).key("explicit").checksumSHA256(sha256Base64(body)),
                RequestBody.fromBytes(body));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("explicit")).asByteArray()).isEqualTo(body);
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("explicit").checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256()).isEqualTo(sha256Base64(body));
    }

    @Test
    void rejectsAWrongSha256ChecksumWithBadDigestAndStoresNothing() {
        byte[] body = "checked".getBytes(StandardCharsets.UTF_8);
        String wrong = sha256Base64("something else".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("wrong").checksumSHA256(wrong),
                RequestBody.fromBytes(body)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("wrong")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void rejectsAWrongContentMd5WithBadDigest() throws Exception {
        String wrongMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[] {1}));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("md5").contentMD5(wrongMd5),
                RequestBody.fromString("checked")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
    }

    @Test
    void rejectsAWrongPartSha256ChecksumWithBadDigest() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("big")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        byte[] part = randomBytes(1024, 5);

        assertThatThrownBy(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("big").uploadId(uploadId).partNumber(1)
                        .checksumSHA256(sha256Base64(new byte[] {1})), RequestBody.fromBytes(part)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
    }

    @Test
    void aMissingBucketIsNoSuchBucket() {
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("no-such-bucket")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("no-such-bucket").key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                });
    }

    @Test
    void aMissingKeyIsNoSuchKey() {
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("nothing")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aWrongSecretIsRefused() {
        try (S3Client intruder = client(sandbox, "not-the-sandbox-secret")) {
            assertThatThrownBy(() -> intruder.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("k"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void listingPaginatesAndCountsEveryPage() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            s3.putObject(b -> b.bucket(BUCKET).key("assets/b1/f" + n), RequestBody.fromString("x" + n));
        }
        sandbox.s3Traffic().resetCounts();

        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("assets/b1/").maxKeys(2))
                .contents().forEach(o -> keys.add(o.key()));

        assertThat(keys).containsExactly("assets/b1/f0", "assets/b1/f1", "assets/b1/f2", "assets/b1/f3",
                "assets/b1/f4");
        assertThat(sandbox.s3Traffic().count(S3Operation.LIST_OBJECTS, BUCKET)).isEqualTo(3);
    }

    @Test
    void anInjectedSlowDownIsRetriedByTheSdkAndCountedTwice() {
        sandbox.s3Traffic().failNext(S3Operation.PUT_OBJECT, 1, S3Fault.SLOW_DOWN);

        s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("x"));

        assertThat(sandbox.s3Traffic().count(S3Operation.PUT_OBJECT, BUCKET)).isEqualTo(2);
        assertThat(sandbox.s3Traffic().injectedFaults()).isEqualTo(1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void failAfterLetsTheFirstRequestsThroughThenAnswersWithTheFaultUntilCleared() {
        S3Traffic traffic = sandbox.s3Traffic();
        traffic.failAfter(S3Operation.PUT_OBJECT, 1, S3Fault.INTERNAL_ERROR);
        s3.putObject(b -> b.bucket(BUCKET).key("a"), RequestBody.fromString("a"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("b"), RequestBody.fromString("b")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                });
        assertThat(traffic.count(S3Operation.PUT_OBJECT)).isEqualTo(4); // one success, then the SDK's 3 attempts

        traffic.clearFaults();
        s3.putObject(b -> b.bucket(BUCKET).key("b"), RequestBody.fromString("b"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("b")).asUtf8String()).isEqualTo("b");
    }

    @Test
    void aDroppedConnectionIsRetriedByTheSdkAndTheObjectStoredOnce() {
        sandbox.s3Traffic().failNext(S3Operation.PUT_OBJECT, 1, S3Fault.CONNECTION_RESET);

        s3.putObject(b -> b.bucket(BUCKET).key("k").ifNoneMatch("*"), RequestBody.fromString("x"));

        assertThat(sandbox.s3Traffic().count(S3Operation.PUT_OBJECT)).isEqualTo(2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void aLostResponseLeavesTheObjectStoredAndAConditionalRetryMeetsIt() {
        sandbox.s3Traffic().failNext(S3Operation.PUT_OBJECT, 1, S3Fault.RESPONSE_LOST);

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("k").ifNoneMatch("*"),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(sandbox.s3Traffic().count(S3Operation.PUT_OBJECT)).isEqualTo(2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void failEveryFailsEachNthRequest() {
        S3Traffic traffic = sandbox.s3Traffic();
        traffic.failEvery(S3Operation.HEAD_BUCKET, 2, S3Fault.SLOW_DOWN);

        for (int i = 0; i < 3; i++) {
            s3.headBucket(b -> b.bucket(BUCKET));
        }

        // requests 1..5: the 2nd and 4th are answered SlowDown and retried
        assertThat(traffic.count(S3Operation.HEAD_BUCKET)).isEqualTo(5);
        assertThat(traffic.injectedFaults()).isEqualTo(2);
    }

    @Test
    void countsEachRequestOnceAsItsS3Operation() {
        S3Traffic traffic = sandbox.s3Traffic();
        s3.putObject(b -> b.bucket(BUCKET).key("k").ifNoneMatch("*"), RequestBody.fromString("x"));
        s3.headObject(b -> b.bucket(BUCKET).key("k"));
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k"));
        s3.listObjectsV2(b -> b.bucket(BUCKET));
        s3.headBucket(b -> b.bucket(BUCKET));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("big")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        List<CompletedPart> parts = uploadParts(uploadId, "big", randomBytes(5 * 1024 * 1024, 7), new byte[] {1});
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("big").uploadId(uploadId).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(parts)));

        assertThat(traffic.counts()).isEqualTo(Map.of(
                S3Operation.PUT_OBJECT, 1L, S3Operation.HEAD_OBJECT, 1L, S3Operation.GET_OBJECT, 1L,
                S3Operation.LIST_OBJECTS, 1L, S3Operation.HEAD_BUCKET, 1L, S3Operation.CREATE_MULTIPART_UPLOAD, 1L,
                S3Operation.UPLOAD_PART, 2L, S3Operation.COMPLETE_MULTIPART_UPLOAD, 1L));
    }

    @Test
    void countsPerBucketAndCredentialsNeverPrintTheSecret() {
        s3.putObject(b -> b.bucket("edge-deploy-eu-west-1").key("k"), RequestBody.fromString("x"));

        assertThat(sandbox.s3Traffic().count(S3Operation.PUT_OBJECT, "edge-deploy-eu-west-1")).isEqualTo(1);
        assertThat(sandbox.s3Traffic().count(S3Operation.PUT_OBJECT, BUCKET)).isZero();
        assertThat(sandbox.buckets()).containsExactly(Map.entry(REGION, BUCKET),
                Map.entry("eu-west-1", "edge-deploy-eu-west-1"));
        assertThat(sandbox.credentials().toString()).doesNotContain(EdgeSandbox.SECRET_ACCESS_KEY);
        assertThat(sandbox.toString()).doesNotContain(EdgeSandbox.SECRET_ACCESS_KEY);
    }

    private List<CompletedPart> uploadParts(String uploadId, String key, byte[]... parts) {
        List<CompletedPart> completed = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            int number = i + 1;
            byte[] part = parts[i];
            UploadPartResponse response = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                    .partNumber(number).checksumSHA256(sha256Base64(part)), RequestBody.fromBytes(part));
            completed.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                    .checksumSHA256(response.checksumSHA256()).build());
        }
        return completed;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static String sha256Base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
