package dev.edgedeploy.sandbox.codedeploy;

import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.ALIAS;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.APPLICATION;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.FUNCTION;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.GROUP;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.ROLE;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.SERVICE_ROLE;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.appSpec;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.handler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.EdgeSandbox;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.codedeploy.model.TrafficRoutingType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * CodeDeploy's applications, groups, configurations and deployments survive a restart of the sandbox, and a
 * deployment that was shifting traffic when the sandbox stopped goes on from its last step when it starts again.
 */
class CodeDeployStateRestartTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));

    @TempDir
    Path state;

    @Test
    void applicationsGroupsConfigsAndDeploymentHistorySurviveARestart() throws Exception {
        String id;
        DeploymentInfo finished;
        DeploymentGroupInfo group;
        List<TrafficShift> history;
        try (EdgeSandbox sandbox = sandbox(600); Clients clients = new Clients(sandbox)) {
            clients.functionWithTwoVersions();
            clients.codeDeploy.createDeploymentConfig(request -> request.deploymentConfigName("Linear50Every1")
                    .computePlatform("Lambda")
                    .trafficRoutingConfig(routing -> routing.type(TrafficRoutingType.TIME_BASED_LINEAR)
                            .timeBasedLinear(linear -> linear.linearPercentage(50).linearInterval(1))));
            clients.applicationAndGroup("Linear50Every1");
            id = clients.deploy();
            finished = clients.awaitStatus(id, "Succeeded", "Failed", "Stopped");
            assertThat(finished.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
            group = clients.codeDeploy.getDeploymentGroup(r -> r.applicationName(APPLICATION)
                    .deploymentGroupName(GROUP)).deploymentGroupInfo();
            history = sandbox.codeDeploy().trafficHistory(id);
            assertThat(history).extracting(TrafficShift::targetPercent).containsExactly(50, 100);
        }

        try (EdgeSandbox sandbox = sandbox(600); Clients clients = new Clients(sandbox)) {
            assertThat(clients.codeDeploy.getApplication(r -> r.applicationName(APPLICATION)).application()
                    .computePlatformAsString()).isEqualTo("Lambda");
            assertThat(clients.codeDeploy.getDeploymentGroup(r -> r.applicationName(APPLICATION)
                    .deploymentGroupName(GROUP)).deploymentGroupInfo()).isEqualTo(group);
            DeploymentConfigInfo config = clients.codeDeploy.getDeploymentConfig(r -> r
                    .deploymentConfigName("Linear50Every1")).deploymentConfigInfo();
            assertThat(config.trafficRoutingConfig().timeBasedLinear().linearPercentage()).isEqualTo(50);
            assertThat(clients.codeDeploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo())
                    .isEqualTo(finished);
            assertThat(clients.codeDeploy.listDeployments(r -> r.applicationName(APPLICATION)
                    .deploymentGroupName(GROUP)).deployments()).containsExactly(id);
            assertThat(sandbox.codeDeploy().trafficHistory(id)).isEqualTo(history);
            assertThat(sandbox.stateDump().path("codedeploy").path("deployments").get(0).path("status").asText())
                    .isEqualTo("Succeeded");

            // the next deployment of the group is accepted: the finished one is not active any more
            String next = clients.codeDeploy.createDeployment(request -> request.applicationName(APPLICATION)
                    .deploymentGroupName(GROUP).revision(revision -> revision
                            .revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                            .appSpecContent(content -> content.content(appSpec("2", "1", null, null)))))
                    .deploymentId();
            assertThat(clients.awaitStatus(next, "Succeeded", "Failed", "Stopped").status())
                    .isEqualTo(DeploymentStatus.SUCCEEDED);
        }
    }

    @Test
    void aDeploymentInterruptedBetweenTwoStepsResumesFromItsLastStepAfterTheRestart() throws Exception {
        String id;
        DeploymentInfo interrupted;
        try (EdgeSandbox sandbox = sandbox(300); Clients clients = new Clients(sandbox)) {
            clients.functionWithTwoVersions();
            // 10 % now, the rest five sandbox minutes (one real second) later
            clients.applicationAndGroup("CodeDeployDefault.LambdaCanary10Percent5Minutes");
            id = clients.deploy();
            Instant deadline = Instant.now().plusSeconds(30);
            while (sandbox.codeDeploy().trafficHistory(id).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            interrupted = clients.codeDeploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo();
            assertThat(interrupted.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
            assertThat(clients.alias().routingConfig().additionalVersionWeights()).containsEntry("2", 0.1);
        }

        try (EdgeSandbox sandbox = sandbox(300); Clients clients = new Clients(sandbox)) {
            DeploymentInfo resumed = clients.awaitStatus(id, "Succeeded", "Failed", "Stopped");
            assertThat(resumed.status()).as(String.valueOf(resumed.errorInformation()))
                    .isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(resumed.startTime()).isEqualTo(interrupted.startTime());
            assertThat(sandbox.codeDeploy().trafficHistory(id)).extracting(TrafficShift::targetPercent)
                    .containsExactly(10, 100);
            GetAliasResponse alias = clients.alias();
            assertThat(alias.functionVersion()).isEqualTo("2");
            assertThat(alias.routingConfig() == null ? java.util.Map.of()
                    : alias.routingConfig().additionalVersionWeights()).isEmpty();
        }
    }

    @Test
    void aStateOfAnotherRegionIsRefusedNamingTheFileAndTheFix() {
        try (EdgeSandbox sandbox = sandbox(1); Clients clients = new Clients(sandbox)) {
            clients.codeDeploy.createApplication(request -> request.applicationName(APPLICATION)
                    .computePlatform("Lambda"));
        }
        Path directory = state.resolve(EdgeSandbox.CODEDEPLOY_STATE);
        assertThatThrownBy(() -> CodeDeployService.start(CodeDeployService.Settings.defaults(
                URI.create("http://127.0.0.1:9"), URI.create("http://127.0.0.1:9")).withRegion("eu-west-1")
                .withStateDirectory(directory)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(directory.resolve("codedeploy-state.json").toString())
                .hasMessageContaining("delete");
    }

    private EdgeSandbox sandbox(double timeScale) {
        return EdgeSandbox.builder().stateDirectory(state).region("us-east-1", "codedeploy-restart")
                .lambdaUpdateDelay(Duration.ZERO).cloudFrontPropagationDelay(Duration.ZERO).timeScale(timeScale)
                .start();
    }

    /** SDK clients of the sandbox's Lambda and CodeDeploy. */
    private static final class Clients implements AutoCloseable {
        final LambdaClient lambda;
        final CodeDeployClient codeDeploy;

        Clients(EdgeSandbox sandbox) {
            lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda()).region(Region.US_EAST_1)
                    .credentialsProvider(KEYS).build();
            codeDeploy = CodeDeployClient.builder().endpointOverride(sandbox.endpoints().codeDeploy())
                    .region(Region.US_EAST_1).credentialsProvider(KEYS).build();
        }

        void functionWithTwoVersions() {
            lambda.createFunction(request -> request.functionName(FUNCTION).runtime(Runtime.NODEJS22_X).role(ROLE)
                    .handler("index.handler").publish(true)
                    .code(code -> code.zipFile(handler("export const handler = async () => 'v1';"))));
            lambda.updateFunctionCode(request -> request.functionName(FUNCTION).publish(true)
                    .zipFile(handler("export const handler = async () => 'v2';")));
            lambda.createAlias(request -> request.functionName(FUNCTION).name(ALIAS).functionVersion("1"));
        }

        void applicationAndGroup(String configName) {
            codeDeploy.createApplication(request -> request.applicationName(APPLICATION).computePlatform("Lambda"));
            codeDeploy.createDeploymentGroup(request -> request.applicationName(APPLICATION)
                    .deploymentGroupName(GROUP).serviceRoleArn(SERVICE_ROLE).deploymentConfigName(configName)
                    .deploymentStyle(style -> style.deploymentType("BLUE_GREEN")
                            .deploymentOption("WITH_TRAFFIC_CONTROL")));
        }

        String deploy() {
            return codeDeploy.createDeployment(request -> request.applicationName(APPLICATION)
                    .deploymentGroupName(GROUP).revision(revision -> revision
                            .revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                            .appSpecContent(content -> content.content(appSpec("1", "2", null, null)))))
                    .deploymentId();
        }

        GetAliasResponse alias() {
            return lambda.getAlias(request -> request.functionName(FUNCTION).name(ALIAS));
        }

        DeploymentInfo awaitStatus(String id, String... statuses) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (true) {
                DeploymentInfo info = codeDeploy.getDeployment(request -> request.deploymentId(id)).deploymentInfo();
                if (Set.of(statuses).contains(info.statusAsString()) || Instant.now().isAfter(deadline)) {
                    return info;
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() {
            lambda.close();
            codeDeploy.close();
        }
    }
}
