package dev.edgedeploy.core.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients of one deploy: one client per (service, region), built lazily once, all sharing one
 * explicitly configured Apache HTTP client and one credentials provider, closed once. Thread-safe.
 */
public final class AwsClients implements AutoCloseable {

    /** Connections beyond the configured concurrency, for the HEAD/LIST calls made beside the uploads. */
    private static final int SPARE_CONNECTIONS = 16;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECTION_ACQUISITION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** STS lives in AWS even when S3 is the sandbox; the regional endpoint avoids the legacy global one. */
    private static final Region STS_REGION = Region.US_EAST_1;
    /** Lambda@Edge functions, and so their CodeDeploy deployments and alarms, live in us-east-1 only. */
    private static final Region EDGE_REGION = Region.US_EAST_1;

    private final AwsSettings settings;
    private final SdkHttpClient httpClient;
    private final List<SdkAutoCloseable> ownedByCredentials = new ArrayList<>();
    private final AwsCredentialsProvider credentialsProvider;
    private final Map<String, S3Client> s3Clients = new ConcurrentHashMap<>();
    private final Map<String, AttemptCounter> attempts = new ConcurrentHashMap<>();
    private final Map<Class<?>, SdkAutoCloseable> edgeClients = new ConcurrentHashMap<>();
    private boolean closed;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
        this.httpClient = ApacheHttpClient.builder()
                .maxConnections(settings.maxConcurrency() + SPARE_CONNECTIONS)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .connectionAcquisitionTimeout(CONNECTION_ACQUISITION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                // S3 bodies decide for themselves (ExpectContinueForLargeBodies); no other service sends one
                .expectContinueEnabled(false)
                .build();
        this.credentialsProvider = credentialsProvider(settings.credentials());
    }

    public AwsSettings settings() {
        return settings;
    }

    /** The S3 client of a region, built on first use. */
    public S3Client s3(String region) {
        checkOpen();
        return s3Clients.computeIfAbsent(region, this::buildS3);
    }

    /** The Lambda client of us-east-1, where Lambda@Edge functions must live. */
    public LambdaClient lambda() {
        return edgeClient(LambdaClient.class, () -> {
            var builder = LambdaClient.builder().region(EDGE_REGION).httpClient(httpClient)
                    .credentialsProvider(credentialsProvider).overrideConfiguration(overrides(counter(EDGE_REGION)));
            settings.endpoints().lambda().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** The CloudFront client (a global service, signed for aws-global). */
    public CloudFrontClient cloudFront() {
        return edgeClient(CloudFrontClient.class, () -> {
            var builder = CloudFrontClient.builder().region(Region.AWS_GLOBAL).httpClient(httpClient)
                    .credentialsProvider(credentialsProvider)
                    .overrideConfiguration(overrides(counter(Region.AWS_GLOBAL)));
            settings.endpoints().cloudFront().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** The CodeDeploy client of us-east-1, beside the function it shifts. */
    public CodeDeployClient codeDeploy() {
        return edgeClient(CodeDeployClient.class, () -> {
            var builder = CodeDeployClient.builder().region(EDGE_REGION).httpClient(httpClient)
                    .credentialsProvider(credentialsProvider).overrideConfiguration(overrides(counter(EDGE_REGION)));
            settings.endpoints().codeDeploy().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** The CloudWatch client of us-east-1, where the release's alarms live. */
    public CloudWatchClient cloudWatch() {
        return edgeClient(CloudWatchClient.class, () -> {
            var builder = CloudWatchClient.builder().region(EDGE_REGION).httpClient(httpClient)
                    .credentialsProvider(credentialsProvider).overrideConfiguration(overrides(counter(EDGE_REGION)));
            settings.endpoints().cloudWatch().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    private <T extends SdkAutoCloseable> T edgeClient(Class<T> type, Supplier<T> factory) {
        checkOpen();
        return type.cast(edgeClients.computeIfAbsent(type, t -> factory.get()));
    }

    private AttemptCounter counter(Region region) {
        return attempts.computeIfAbsent(region.id(), r -> new AttemptCounter());
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("AwsClients already closed");
        }
    }

    /** Retries (attempts beyond the first) of every call made in a region so far: throttling and 5xx included. */
    public long retries(String region) {
        AttemptCounter counter = attempts.get(region);
        return counter == null ? 0 : counter.retries();
    }

    private S3Client buildS3(String region) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .httpClient(httpClient)
                .credentialsProvider(credentialsProvider)
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(overrides(attempts.computeIfAbsent(region, r -> new AttemptCounter()))
                        .toBuilder().addExecutionInterceptor(new ExpectContinueForLargeBodies()).build());
        settings.endpoints().s3().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private ClientOverrideConfiguration overrides(ExecutionInterceptor interceptor) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts())
                        .build())
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                .addExecutionInterceptor(interceptor)
                .build();
    }

    private AwsCredentialsProvider credentialsProvider(CredentialsSource source) {
        if (source instanceof CredentialsSource.DefaultChain) {
            return own(DefaultCredentialsProvider.builder().build());
        }
        if (source instanceof CredentialsSource.Profile profile) {
            return own(ProfileCredentialsProvider.builder().profileName(profile.name()).build());
        }
        if (source instanceof CredentialsSource.StaticKeys keys) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(),
                    keys.secretAccessKey()));
        }
        CredentialsSource.AssumedRole role = (CredentialsSource.AssumedRole) source;
        StsClient sts = own(StsClient.builder()
                .region(STS_REGION)
                .httpClient(httpClient)
                .credentialsProvider(credentialsProvider(role.base()))
                .overrideConfiguration(overrides(new AttemptCounter()))
                .build());
        return own(StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(role.roleArn()).roleSessionName(role.sessionName()))
                .build());
    }

    private <T extends SdkAutoCloseable> T own(T closeable) {
        ownedByCredentials.add(closeable);
        return closeable;
    }

    /** Closes every client once; later calls do nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        s3Clients.values().forEach(S3Client::close);
        edgeClients.values().forEach(SdkAutoCloseable::close);
        // providers before the STS client they use
        for (int i = ownedByCredentials.size() - 1; i >= 0; i--) {
            ownedByCredentials.get(i).close();
        }
        httpClient.close();
    }

    @Override
    public String toString() {
        return "AwsClients[endpoints=" + settings.endpoints()
                + ", credentials=" + settings.credentials() + ", regions=" + s3Clients.keySet() + "]";
    }

    /** Counts calls and attempts: the difference is the retries the SDK's strategy made. */
    private static final class AttemptCounter implements ExecutionInterceptor {
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong attempts = new AtomicLong();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
            calls.incrementAndGet();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            attempts.incrementAndGet();
        }

        long retries() {
            return Math.max(0, attempts.get() - calls.get());
        }
    }
}
