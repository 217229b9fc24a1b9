package dev.edgedeploy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.CodeDeployException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every sandbox control plane counts its requests per operation and answers injected latency, throttling and server
 * failures in its own protocol, so the AWS SDK retries and classifies them exactly as it does AWS's.
 */
class ServiceFaultInjectionTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));
    /** The SDK's standard strategy (3 attempts, throttling codes as AWS's), retrying at once to keep tests quick. */
    private static final ClientOverrideConfiguration RETRY_AT_ONCE = ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .backoffStrategy(BackoffStrategy.retryImmediately())
                    .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                    .build())
            .build();

    @TempDir
    static Path state;
    private static EdgeSandbox sandbox;
    private static LambdaClient lambda;
    private static CloudFrontClient cloudFront;
    private static CloudWatchClient cloudWatch;
    private static CodeDeployClient codeDeploy;
    private static Route53Client route53;
    private static S3Client s3;

    /** One service's operation, a call of it through the SDK, and the errors it must see. */
    private record Case(String service, ServiceTraffic traffic, String operation, Runnable call,
            Class<? extends AwsServiceException> type, int throttlingStatus, String throttlingCode,
            int serverErrorStatus, String serverErrorCode) {
    }

    @BeforeAll
    static void start() {
        sandbox = EdgeSandbox.builder().stateDirectory(state).region("us-east-1", "faults-us-east-1")
                .lambdaUpdateDelay(Duration.ZERO).cloudFrontPropagationDelay(Duration.ZERO).start();
        SandboxEndpoints endpoints = sandbox.endpoints();
        lambda = LambdaClient.builder().endpointOverride(endpoints.lambda()).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).overrideConfiguration(RETRY_AT_ONCE).build();
        cloudFront = CloudFrontClient.builder().endpointOverride(endpoints.cloudFront()).region(Region.AWS_GLOBAL)
                .credentialsProvider(KEYS).overrideConfiguration(RETRY_AT_ONCE).build();
        cloudWatch = CloudWatchClient.builder().endpointOverride(endpoints.cloudWatch()).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).overrideConfiguration(RETRY_AT_ONCE).build();
        codeDeploy = CodeDeployClient.builder().endpointOverride(endpoints.codeDeploy()).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).overrideConfiguration(RETRY_AT_ONCE).build();
        route53 = Route53Client.builder().endpointOverride(endpoints.route53()).region(Region.AWS_GLOBAL)
                .credentialsProvider(KEYS).overrideConfiguration(RETRY_AT_ONCE).build();
        s3 = S3Client.builder().endpointOverride(endpoints.s3()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).overrideConfiguration(RETRY_AT_ONCE).build();
    }

    @AfterAll
    static void stop() {
        List.of(lambda, cloudFront, cloudWatch, codeDeploy, route53, s3).forEach(client -> client.close());
        sandbox.close();
    }

    @AfterEach
    void clearFaults() {
        cases().forEach(c -> {
            c.traffic().clearFaults();
            c.traffic().resetCounts();
        });
        sandbox.s3Traffic().clearFaults();
    }

    private static List<Case> cases() {
        return List.of(
                new Case("lambda", sandbox.lambda().traffic(), "GetFunction", () -> {
                    try {
                        lambda.getFunction(r -> r.functionName("no-such-function"));
                    } catch (ResourceNotFoundException answeredByTheService) {
                        // the call went through: the sandbox Lambda answered it
                    }
                }, LambdaException.class, 429, "TooManyRequestsException", 500, "ServiceException"),
                new Case("cloudfront", sandbox.cloudFront().traffic(), "ListDistributions",
                        () -> cloudFront.listDistributions(r -> { }),
                        CloudFrontException.class, 400, "Throttling", 503, "ServiceUnavailable"),
                new Case("cloudwatch", sandbox.cloudWatch().traffic(), "DescribeAlarms",
                        () -> cloudWatch.describeAlarms(r -> { }),
                        CloudWatchException.class, 400, "Throttling", 503, "ServiceUnavailable"),
                new Case("codedeploy", sandbox.codeDeploy().traffic(), "ListDeployments",
                        () -> codeDeploy.listDeployments(r -> { }),
                        CodeDeployException.class, 400, "ThrottlingException", 500, "InternalFailure"),
                new Case("route53", sandbox.route53().traffic(), "ListHostedZonesByName",
                        () -> route53.listHostedZonesByName(r -> { }),
                        Route53Exception.class, 400, "Throttling", 400, "PriorRequestNotComplete"));
    }

    @Test
    void aThrottledRequestIsRetriedByTheSdkAndSucceeds() {
        for (Case c : cases()) {
            c.traffic().failNext(c.operation(), 1, ServiceFault.THROTTLING);
            c.call().run();
            assertThat(c.traffic().count(c.operation())).as(c.service()).isEqualTo(2);
            assertThat(c.traffic().injectedFaults()).as(c.service()).isPositive();
        }
    }

    @Test
    void persistentThrottlingSurfacesTheServicesThrottlingExceptionAfterEveryAttempt() {
        for (Case c : cases()) {
            c.traffic().failAfter(c.operation(), 0, ServiceFault.THROTTLING);
            assertThatThrownBy(c.call()::run).as(c.service()).isInstanceOfSatisfying(c.type(), e -> {
                assertThat(e.isThrottlingException()).as(c.service()).isTrue();
                assertThat(e.statusCode()).as(c.service()).isEqualTo(c.throttlingStatus());
                assertThat(e.awsErrorDetails().errorCode()).as(c.service()).isEqualTo(c.throttlingCode());
                assertThat(e.numAttempts()).as(c.service()).isEqualTo(3);
            });
            assertThat(c.traffic().count(c.operation())).as(c.service()).isEqualTo(3);
        }
    }

    @Test
    void aPersistentServerErrorIsRetriedThenSurfacesAsTheServicesTypedException() {
        for (Case c : cases()) {
            c.traffic().failAfter(c.operation(), 0, ServiceFault.SERVER_ERROR);
            assertThatThrownBy(c.call()::run).as(c.service()).isInstanceOfSatisfying(c.type(), e -> {
                assertThat(e.statusCode()).as(c.service()).isEqualTo(c.serverErrorStatus());
                assertThat(e.awsErrorDetails().errorCode()).as(c.service()).isEqualTo(c.serverErrorCode());
                assertThat(e.numAttempts()).as(c.service()).isEqualTo(3);
            });
            assertThat(c.traffic().count(c.operation())).as(c.service()).isEqualTo(3);
        }
    }

    @Test
    void lambdaAnswersItsModeledExceptionTypes() {
        ServiceTraffic traffic = sandbox.lambda().traffic();
        traffic.failAfter("GetFunction", 0, ServiceFault.THROTTLING);
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName("f")))
                .isInstanceOf(TooManyRequestsException.class);
        traffic.clearFaults();
        traffic.failAfter("GetFunction", 0, ServiceFault.SERVER_ERROR);
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName("f"))).isInstanceOf(ServiceException.class);
    }

    @Test
    void everyNthAndSeededRateFailuresAreRetriedUntilTheCallSucceeds() {
        ServiceTraffic traffic = sandbox.cloudWatch().traffic();
        traffic.failEvery("DescribeAlarms", 2, ServiceFault.THROTTLING);
        for (int i = 0; i < 3; i++) {
            cloudWatch.describeAlarms(r -> { });
        }
        // attempts 1 ok; 2 fails, 3 ok; 4 fails, 5 ok
        assertThat(traffic.count("DescribeAlarms")).isEqualTo(5);

        traffic.clearFaults();
        traffic.resetCounts();
        traffic.failAtRate("PutMetricAlarm", 0.3, 42, ServiceFault.SERVER_ERROR);
        ServiceTraffic same = new ServiceTraffic("CloudWatch", traffic.operations());
        same.failAtRate("PutMetricAlarm", 0.3, 42, ServiceFault.SERVER_ERROR);
        long expectedFailures = 0;
        for (int i = 0; i < 20; i++) {
            expectedFailures += same.admit("PutMetricAlarm").isPresent() ? 1 : 0;
        }
        long before = traffic.injectedFaults();
        for (int i = 0; i < 20; i++) {
            traffic.admit("PutMetricAlarm");
        }
        assertThat(traffic.injectedFaults() - before).isEqualTo(expectedFailures).isPositive().isLessThan(20);
    }

    @Test
    void countsPerOperationAreExact() {
        for (int i = 0; i < 3; i++) {
            cloudWatch.describeAlarms(r -> { });
        }
        cloudWatch.putMetricData(r -> r.namespace("EdgeDeploy").metricData(d -> d.metricName("Errors").value(1.0)));
        codeDeploy.listDeployments(r -> { });
        assertThat(sandbox.cloudWatch().traffic().counts())
                .isEqualTo(Map.of("DescribeAlarms", 3L, "PutMetricData", 1L));
        assertThat(sandbox.codeDeploy().traffic().counts()).isEqualTo(Map.of("ListDeployments", 1L));
        assertThat(sandbox.cloudFront().traffic().count("UpdateDistribution")).isZero();
        assertThat(sandbox.route53().traffic().total()).isZero();
    }

    @Test
    void anOperationTheServiceDoesNotServeIsRefused() {
        assertThatThrownBy(() -> sandbox.cloudFront().traffic().failNext("UpdateDistributions", 1,
                ServiceFault.THROTTLING)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UpdateDistribution");
    }

    @Test
    void latencyDelaysTheChosenOperationOnly() throws Exception {
        for (Case c : cases()) {
            c.traffic().delay(c.operation(), Duration.ofMillis(300));
            long start = System.nanoTime();
            c.call().run();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(c.service())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        // a long latency on DescribeAlarms: PutMetricData, sent after it, is answered while it still waits
        sandbox.cloudWatch().traffic().delay("DescribeAlarms", Duration.ofSeconds(20));
        CompletableFuture<?> slow = CompletableFuture.runAsync(() -> cloudWatch.describeAlarms(r -> { }));
        while (sandbox.cloudWatch().traffic().count("DescribeAlarms") < 2) {
            Thread.sleep(5);
        }
        cloudWatch.putMetricData(r -> r.namespace("EdgeDeploy").metricData(d -> d.metricName("Errors").value(1.0)));
        assertThat(slow).isNotDone();
        sandbox.cloudWatch().traffic().delay("DescribeAlarms", Duration.ZERO);
        slow.cancel(true);
    }

    @Test
    void s3LatencyDelaysTheChosenOperation() {
        s3.putObject(r -> r.bucket("faults-us-east-1").key("a.txt"), RequestBody.fromString("a"));
        sandbox.s3Traffic().delay(S3Operation.GET_OBJECT, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThat(s3.getObjectAsBytes(r -> r.bucket("faults-us-east-1").key("a.txt")).asUtf8String()).isEqualTo("a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        sandbox.s3Traffic().failNext(S3Operation.GET_OBJECT, 1, S3Fault.SLOW_DOWN);
        assertThat(s3.getObjectAsBytes(r -> r.bucket("faults-us-east-1").key("a.txt")).asUtf8String()).isEqualTo("a");
        assertThat(sandbox.s3Traffic().count(S3Operation.GET_OBJECT)).isEqualTo(3);
    }
}
