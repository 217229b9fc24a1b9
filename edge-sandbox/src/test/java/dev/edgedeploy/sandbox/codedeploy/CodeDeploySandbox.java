package dev.edgedeploy.sandbox.codedeploy;

import dev.edgedeploy.sandbox.ScaledClock;
import dev.edgedeploy.sandbox.cloudwatch.CloudWatchService;
import dev.edgedeploy.sandbox.lambda.LambdaService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.CreateDeploymentGroupRequest;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Lambda, CloudWatch and CodeDeploy sandboxes wired together on one scaled clock, with real SDK clients for each.
 * CloudWatch evaluates alarms only when the test says so, so a state set with SetAlarmState holds.
 */
final class CodeDeploySandbox implements AutoCloseable {

    static final String ROLE = "arn:aws:iam::123456789012:role/edge-deploy-lambda";
    static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/CodeDeployServiceRole";
    static final String APPLICATION = "edge";
    static final String GROUP = "edge-live";
    static final String FUNCTION = "edge-function";
    static final String ALIAS = "live";

    final ScaledClock clock;
    final LambdaService lambdaService;
    final CloudWatchService cloudWatchService;
    final CodeDeployService codeDeployService;
    final LambdaClient lambda;
    final CloudWatchClient cloudWatch;
    final CodeDeployClient codeDeploy;

    private CodeDeploySandbox(ScaledClock clock, LambdaService lambdaService, CloudWatchService cloudWatchService,
            CodeDeployService codeDeployService) {
        this.clock = clock;
        this.lambdaService = lambdaService;
        this.cloudWatchService = cloudWatchService;
        this.codeDeployService = codeDeployService;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSANDBOXTEST", "sandbox-test-secret"));
        this.lambda = LambdaClient.builder().endpointOverride(lambdaService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
        this.cloudWatch = CloudWatchClient.builder().endpointOverride(cloudWatchService.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        this.codeDeploy = CodeDeployClient.builder().endpointOverride(codeDeployService.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    /** Starts the three services; {@code timeScale} sandbox seconds pass per real second. */
    static CodeDeploySandbox start(Path work, double timeScale) throws IOException {
        ScaledClock clock = ScaledClock.startingNow(timeScale);
        LambdaService lambda = LambdaService.start(LambdaService.Settings.defaults(work)
                .withUpdateDelay(Duration.ZERO).withClock(clock));
        CloudWatchService cloudWatch = CloudWatchService.start(CloudWatchService.Settings.defaults()
                .withClock(clock).withAutomaticEvaluation(false));
        CodeDeployService codeDeploy = CodeDeployService.start(
                CodeDeployService.Settings.defaults(lambda.endpoint(), cloudWatch.endpoint()).withClock(clock));
        return new CodeDeploySandbox(clock, lambda, cloudWatch, codeDeploy);
    }

    /**
     * Creates {@link #FUNCTION} with {@code versions} published versions (each with different code) and the alias
     * {@link #ALIAS} on version 1.
     */
    void functionWithVersions(int versions) {
        createFunction(FUNCTION, handler("export const handler = async () => 'v1';"));
        for (int version = 2; version <= versions; version++) {
            String source = "export const handler = async () => 'v" + version + "';";
            lambda.updateFunctionCode(request -> request.functionName(FUNCTION).zipFile(handler(source))
                    .publish(true));
        }
        lambda.createAlias(request -> request.functionName(FUNCTION).name(ALIAS).functionVersion("1"));
    }

    void createFunction(String name, SdkBytes zip) {
        lambda.createFunction(request -> request.functionName(name).runtime(Runtime.NODEJS22_X).role(ROLE)
                .handler("index.handler").code(code -> code.zipFile(zip)).publish(true));
    }

    /** A Lambda application with one deployment group, customised by {@code group}. */
    void applicationAndGroup(java.util.function.Consumer<CreateDeploymentGroupRequest.Builder> group) {
        codeDeploy.createApplication(request -> request.applicationName(APPLICATION).computePlatform("Lambda"));
        CreateDeploymentGroupRequest.Builder request = CreateDeploymentGroupRequest.builder()
                .applicationName(APPLICATION)
                .deploymentGroupName(GROUP)
                .serviceRoleArn(SERVICE_ROLE)
                .deploymentStyle(style -> style.deploymentType("BLUE_GREEN").deploymentOption("WITH_TRAFFIC_CONTROL"));
        group.accept(request);
        codeDeploy.createDeploymentGroup(request.build());
    }

    void alarm(String name) {
        cloudWatch.putMetricAlarm(request -> request.alarmName(name).namespace("EdgeDeploy").metricName("Errors")
                .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
    }

    /** Starts a deployment of the AppSpec content with the given configuration (null: the group's). */
    String deploy(String appSpec, String configName) {
        return codeDeploy.createDeployment(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP)
                .deploymentConfigName(configName)
                .revision(revision -> revision.revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                        .appSpecContent(content -> content.content(appSpec))))
                .deploymentId();
    }

    /** Polls GetDeployment until it reaches one of the statuses, for at most a minute of real time. */
    DeploymentInfo awaitStatus(String deploymentId, String... statuses) throws InterruptedException {
        Set<String> wanted = Set.of(statuses);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            DeploymentInfo info = codeDeploy.getDeployment(request -> request.deploymentId(deploymentId))
                    .deploymentInfo();
            if (wanted.contains(info.statusAsString()) || Instant.now().isAfter(deadline)) {
                return info;
            }
            Thread.sleep(10);
        }
    }

    AliasConfiguration alias() {
        var alias = lambda.getAlias(request -> request.functionName(FUNCTION).name(ALIAS));
        return AliasConfiguration.builder().functionVersion(alias.functionVersion())
                .routingConfig(alias.routingConfig()).build();
    }

    static String appSpec(String current, String target, String before, String after) {
        StringBuilder yaml = new StringBuilder("""
                version: 0.0
                Resources:
                  - edgeFunction:
                      Type: AWS::Lambda::Function
                      Properties:
                        Name: "%s"
                        Alias: "%s"
                        CurrentVersion: "%s"
                        TargetVersion: "%s"
                """.formatted(FUNCTION, ALIAS, current, target));
        if (before != null || after != null) {
            yaml.append("Hooks:\n");
            if (before != null) {
                yaml.append("  - BeforeAllowTraffic: \"").append(before).append("\"\n");
            }
            if (after != null) {
                yaml.append("  - AfterAllowTraffic: \"").append(after).append("\"\n");
            }
        }
        return yaml.toString();
    }

    static SdkBytes handler(String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("index.mjs");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    @Override
    public void close() {
        codeDeploy.close();
        cloudWatch.close();
        lambda.close();
        codeDeployService.close();
        cloudWatchService.close();
        lambdaService.close();
    }
}
