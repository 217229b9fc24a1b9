package dev.edgedeploy.sandbox.codedeploy;

import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.ALIAS;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.APPLICATION;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.FUNCTION;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.GROUP;
import static dev.edgedeploy.sandbox.codedeploy.CodeDeploySandbox.appSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.cloudwatch.AlarmReadFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.codedeploy.model.AlarmsLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.AutoRollbackEvent;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.ErrorCode;
import software.amazon.awssdk.services.codedeploy.model.InvalidAlarmConfigException;
import software.amazon.awssdk.services.codedeploy.model.InvalidAutoRollbackConfigException;
import software.amazon.awssdk.services.codedeploy.model.InvalidDeploymentConfigNameException;
import software.amazon.awssdk.services.codedeploy.model.InvalidDeploymentIdException;
import software.amazon.awssdk.services.codedeploy.model.InvalidDeploymentStyleException;
import software.amazon.awssdk.services.codedeploy.model.InvalidLifecycleEventHookExecutionIdException;
import software.amazon.awssdk.services.codedeploy.model.InvalidLifecycleEventHookExecutionStatusException;
import software.amazon.awssdk.services.codedeploy.model.InvalidRevisionException;
import software.amazon.awssdk.services.codedeploy.model.InvalidTrafficRoutingConfigurationException;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEventAlreadyCompletedException;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEventStatus;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.codedeploy.model.RevisionRequiredException;
import software.amazon.awssdk.services.codedeploy.model.RoleRequiredException;
import software.amazon.awssdk.services.codedeploy.model.TrafficRoutingType;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;

class CodeDeployConformanceTest {

    /** One CodeDeploy minute lasts 100 ms. */
    private static final double FAST = 600;
    /** One CodeDeploy minute lasts a second: a 30-minute canary outlasts anything the test does meanwhile. */
    private static final double STEADY = 60;

    @TempDir
    Path work;

    private CodeDeploySandbox sandbox;

    private CodeDeploySandbox start(double timeScale) throws IOException {
        sandbox = CodeDeploySandbox.start(work, timeScale);
        return sandbox;
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private List<Integer> percents(String deploymentId) {
        return sandbox.codeDeployService.trafficHistory(deploymentId).stream().map(TrafficShift::targetPercent)
                .toList();
    }

    private static void assertOnlyOn(AliasConfiguration alias, String version) {
        assertThat(alias.functionVersion()).isEqualTo(version);
        assertThat(alias.routingConfig() == null ? java.util.Map.of()
                : alias.routingConfig().additionalVersionWeights()).isEmpty();
    }

    @Test
    void linearTenPercentEveryMinuteMovesTheAliasThroughEveryTenPercentInOrder() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.applicationAndGroup(group -> { });
        List<String> observedWeights = new CopyOnWriteArrayList<>();
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                var alias = sandbox.lambda.getAlias(request -> request.functionName(FUNCTION).name(ALIAS));
                observedWeights.add(alias.functionVersion() + ":" + (alias.routingConfig() == null ? "{}"
                        : alias.routingConfig().additionalVersionWeights()));
            }
        });

        String id = sandbox.deploy(appSpec("1", "2", null, null),
                "CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(percents(id)).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(observedWeights.get(0)).isEqualTo("1:{2=0.1}");
        assertThat(observedWeights.get(8)).isEqualTo("1:{2=0.9}");
        assertThat(observedWeights.get(9)).isEqualTo("2:{}");
        List<TrafficShift> shifts = sandbox.codeDeployService.trafficHistory(id);
        for (int i = 1; i < shifts.size(); i++) {
            assertThat(Duration.between(shifts.get(i - 1).at(), shifts.get(i).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
        assertOnlyOn(sandbox.alias(), "2");
        assertThat(info.deploymentOverview().succeeded()).isEqualTo(1);
        assertThat(info.completeTime()).isAfterOrEqualTo(info.createTime());
    }

    @Test
    void canaryTenPercentFiveMinutesShiftsTenPercentThenTheRest() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.applicationAndGroup(group -> group.deploymentConfigName(
                "CodeDeployDefault.LambdaCanary10Percent5Minutes"));

        String id = sandbox.deploy(appSpec("1", "2", null, null), null);
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(info.deploymentConfigName()).isEqualTo("CodeDeployDefault.LambdaCanary10Percent5Minutes");
        assertThat(percents(id)).containsExactly(10, 100);
        List<TrafficShift> shifts = sandbox.codeDeployService.trafficHistory(id);
        assertThat(Duration.between(shifts.get(0).at(), shifts.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        assertOnlyOn(sandbox.alias(), "2");
    }

    @Test
    void aGroupWithoutAConfigurationShiftsAllAtOnce() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.applicationAndGroup(group -> { });

        String id = sandbox.deploy(appSpec("1", "2", null, null), null);

        assertThat(sandbox.awaitStatus(id, "Succeeded", "Failed").status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(percents(id)).containsExactly(100);
        assertThat(sandbox.codeDeploy.getDeploymentGroup(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP)).deploymentGroupInfo().deploymentConfigName())
                .isEqualTo("CodeDeployDefault.LambdaAllAtOnce");
    }

    @Test
    void aCustomLinearConfigurationIsStoredAndExecuted() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.codeDeploy.createDeploymentConfig(request -> request.deploymentConfigName("Linear25Every2")
                .computePlatform("Lambda")
                .trafficRoutingConfig(routing -> routing.type(TrafficRoutingType.TIME_BASED_LINEAR)
                        .timeBasedLinear(linear -> linear.linearPercentage(25).linearInterval(2))));
        DeploymentConfigInfo config = sandbox.codeDeploy.getDeploymentConfig(request -> request
                .deploymentConfigName("Linear25Every2")).deploymentConfigInfo();
        assertThat(config.trafficRoutingConfig().type()).isEqualTo(TrafficRoutingType.TIME_BASED_LINEAR);
        assertThat(config.trafficRoutingConfig().timeBasedLinear().linearPercentage()).isEqualTo(25);
        assertThat(config.trafficRoutingConfig().timeBasedLinear().linearInterval()).isEqualTo(2);
        sandbox.applicationAndGroup(group -> group.deploymentConfigName("Linear25Every2"));

        String id = sandbox.deploy(appSpec("1", "2", null, null), null);

        assertThat(sandbox.awaitStatus(id, "Succeeded", "Failed").status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(percents(id)).containsExactly(25, 50, 75, 100);
        List<TrafficShift> shifts = sandbox.codeDeployService.trafficHistory(id);
        assertThat(Duration.between(shifts.get(0).at(), shifts.get(3).at()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void describesThePredefinedLambdaConfigurations() throws IOException {
        start(FAST);
        DeploymentConfigInfo canary = sandbox.codeDeploy.getDeploymentConfig(request -> request
                .deploymentConfigName("CodeDeployDefault.LambdaCanary10Percent30Minutes")).deploymentConfigInfo();
        assertThat(canary.computePlatformAsString()).isEqualTo("Lambda");
        assertThat(canary.trafficRoutingConfig().timeBasedCanary().canaryPercentage()).isEqualTo(10);
        assertThat(canary.trafficRoutingConfig().timeBasedCanary().canaryInterval()).isEqualTo(30);
        DeploymentConfigInfo linear = sandbox.codeDeploy.getDeploymentConfig(request -> request
                .deploymentConfigName("CodeDeployDefault.LambdaLinear10PercentEvery3Minutes")).deploymentConfigInfo();
        assertThat(linear.trafficRoutingConfig().timeBasedLinear().linearInterval()).isEqualTo(3);
        assertThat(sandbox.codeDeploy.getDeploymentConfig(request -> request
                .deploymentConfigName("CodeDeployDefault.LambdaAllAtOnce")).deploymentConfigInfo()
                .trafficRoutingConfig().type()).isEqualTo(TrafficRoutingType.ALL_AT_ONCE);
    }

    @Test
    void anAlarmSetAtThirtyPercentStopsTheDeploymentAndRestoresTheAlias() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.alarm("edge-errors");
        sandbox.applicationAndGroup(group -> group
                .alarmConfiguration(alarms -> alarms.enabled(true).alarms(alarm -> alarm.name("edge-errors")))
                .autoRollbackConfiguration(rollback -> rollback.enabled(true)
                        .events(AutoRollbackEvent.DEPLOYMENT_FAILURE, AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 30) {
                    sandbox.cloudWatch.setAlarmState(request -> request.alarmName("edge-errors")
                            .stateValue(StateValue.ALARM).stateReason("errors at 30 %"));
                }
            }
        });

        String id = sandbox.deploy(appSpec("1", "2", null, null),
                "CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(info.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
        assertThat(info.errorInformation().message()).contains("edge-errors");
        assertThat(percents(id)).containsExactly(10, 20, 30, 0);
        assertThat(sandbox.codeDeployService.trafficHistory(id).get(3).rollback()).isTrue();
        assertOnlyOn(sandbox.alias(), "1");
        String rollbackId = info.rollbackInfo().rollbackDeploymentId();
        assertThat(rollbackId).isNotNull().isNotEqualTo(id);
        DeploymentInfo rollback = sandbox.codeDeploy.getDeployment(request -> request.deploymentId(rollbackId))
                .deploymentInfo();
        assertThat(rollback.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(rollback.creatorAsString()).isEqualTo("codeDeployRollback");
        assertThat(rollback.rollbackInfo().rollbackTriggeringDeploymentId()).isEqualTo(id);
    }

    @Test
    void aMetricPushedWithPutMetricDataDrivesTheAlarmThatStopsTheDeployment() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.alarm("edge-errors");
        sandbox.applicationAndGroup(group -> group
                .alarmConfiguration(alarms -> alarms.enabled(true).alarms(alarm -> alarm.name("edge-errors")))
                .autoRollbackConfiguration(rollback -> rollback.enabled(true)
                        .events(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 20) {
                    sandbox.cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy")
                            .metricData(datum -> datum.metricName("Errors").value(5.0)));
                    sandbox.cloudWatchService.evaluateAlarms();
                }
            }
        });

        String id = sandbox.deploy(appSpec("1", "2", null, null),
                "CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(sandbox.cloudWatchService.alarmState("edge-errors")).isEqualTo("ALARM");
        assertThat(info.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(percents(id)).containsExactly(10, 20, 0);
        assertOnlyOn(sandbox.alias(), "1");
    }

    @Test
    void unreadableAlarmsStopTheDeploymentBeforeAnyTrafficMoves() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.alarm("edge-errors");
        sandbox.applicationAndGroup(group -> group
                .alarmConfiguration(alarms -> alarms.enabled(true).alarms(alarm -> alarm.name("edge-errors"))));
        sandbox.cloudWatchService.failDescribeAlarms(AlarmReadFailure.ACCESS_DENIED);

        String id = sandbox.deploy(appSpec("1", "2", null, null),
                "CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(info.errorInformation().message()).contains("could not be retrieved");
        assertThat(percents(id)).isEmpty();
        assertOnlyOn(sandbox.alias(), "1");
    }

    @Test
    void ignorePollAlarmFailureLetsTheDeploymentContinue() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.alarm("edge-errors");
        sandbox.applicationAndGroup(group -> group.alarmConfiguration(alarms -> alarms.enabled(true)
                .ignorePollAlarmFailure(true).alarms(alarm -> alarm.name("edge-errors"))));
        sandbox.cloudWatchService.failDescribeAlarms(AlarmReadFailure.ACCESS_DENIED);

        String id = sandbox.deploy(appSpec("1", "2", null, null),
                "CodeDeployDefault.LambdaCanary10Percent5Minutes");

        assertThat(sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped").status())
                .isEqualTo(DeploymentStatus.SUCCEEDED);
        assertOnlyOn(sandbox.alias(), "2");
    }

    @Test
    void aSecondDeploymentOnABusyGroupIsRefusedNamingTheFirst() throws Exception {
        start(STEADY).functionWithVersions(3);
        sandbox.applicationAndGroup(group -> group.deploymentConfigName(
                "CodeDeployDefault.LambdaCanary10Percent30Minutes"));
        String first = sandbox.deploy(appSpec("1", "2", null, null), null);

        assertThatThrownBy(() -> sandbox.deploy(appSpec("1", "3", null, null), null))
                .isInstanceOf(DeploymentLimitExceededException.class)
                .hasMessageContaining("The Deployment Group '" + GROUP + "' already has an active Deployment '"
                        + first + "'")
                .satisfies(e -> assertThat(((DeploymentLimitExceededException) e).statusCode()).isEqualTo(400));

        sandbox.codeDeploy.stopDeployment(request -> request.deploymentId(first).autoRollbackEnabled(true));
        sandbox.awaitStatus(first, "Stopped");
    }

    @Test
    void aCurrentVersionThatIsNotTheAliasVersionFailsTheDeployment() throws Exception {
        start(FAST).functionWithVersions(3);
        sandbox.applicationAndGroup(group -> group.autoRollbackConfiguration(rollback -> rollback.enabled(true)
                .events(AutoRollbackEvent.DEPLOYMENT_FAILURE)));

        String id = sandbox.deploy(appSpec("2", "3", null, null), null);
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(info.errorInformation().code()).isEqualTo(ErrorCode.INVALID_LAMBDA_CONFIGURATION);
        assertThat(info.errorInformation().message()).contains("CurrentVersion 2");
        assertThat(percents(id)).isEmpty();
        assertOnlyOn(sandbox.alias(), "1");
    }

    @Test
    void stopDeploymentWithAutoRollbackRestoresTheAlias() throws Exception {
        start(STEADY).functionWithVersions(2);
        sandbox.applicationAndGroup(group -> group.deploymentConfigName(
                "CodeDeployDefault.LambdaCanary10Percent30Minutes"));
        java.util.concurrent.CountDownLatch atTenPercent = new java.util.concurrent.CountDownLatch(1);
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 10) {
                    atTenPercent.countDown();
                }
            }
        });
        String id = sandbox.deploy(appSpec("1", "2", null, null), null);
        assertThat(atTenPercent.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        var stop = sandbox.codeDeploy.stopDeployment(request -> request.deploymentId(id).autoRollbackEnabled(true));
        DeploymentInfo info = sandbox.awaitStatus(id, "Stopped", "Succeeded", "Failed");

        assertThat(stop.statusAsString()).isIn("Pending", "Succeeded");
        assertThat(info.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(info.errorInformation().code()).isEqualTo(ErrorCode.MANUAL_STOP);
        assertThat(info.rollbackInfo().rollbackDeploymentId()).isNotNull();
        assertThat(percents(id)).containsExactly(10, 0);
        assertOnlyOn(sandbox.alias(), "1");
        assertThatThrownBy(() -> sandbox.codeDeploy.stopDeployment(request -> request.deploymentId(id)))
                .isInstanceOf(software.amazon.awssdk.services.codedeploy.model.DeploymentAlreadyCompletedException.class);
    }

    @Test
    void aStopWithoutRollbackLeavesTheAliasWeightedAndTheNextDeploymentFails() throws Exception {
        start(STEADY).functionWithVersions(3);
        sandbox.applicationAndGroup(group -> group.deploymentConfigName(
                "CodeDeployDefault.LambdaCanary10Percent30Minutes"));
        java.util.concurrent.CountDownLatch atTenPercent = new java.util.concurrent.CountDownLatch(1);
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                atTenPercent.countDown();
            }
        });
        String id = sandbox.deploy(appSpec("1", "2", null, null), null);
        assertThat(atTenPercent.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        sandbox.codeDeploy.stopDeployment(request -> request.deploymentId(id).autoRollbackEnabled(false));
        assertThat(sandbox.awaitStatus(id, "Stopped").status()).isEqualTo(DeploymentStatus.STOPPED);

        AliasConfiguration alias = sandbox.alias();
        assertThat(alias.functionVersion()).isEqualTo("1");
        assertThat(alias.routingConfig().additionalVersionWeights()).containsEntry("2", 0.1);

        String next = sandbox.deploy(appSpec("1", "3", null, null), null);
        DeploymentInfo info = sandbox.awaitStatus(next, "Succeeded", "Failed", "Stopped");
        assertThat(info.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(info.errorInformation().message()).contains("already routes traffic");
    }

    @Test
    void refusesDeploymentConfigurationsAwsRefuses() throws IOException {
        start(FAST);
        assertThatThrownBy(() -> canary("zero", 0, 5)).isInstanceOf(InvalidTrafficRoutingConfigurationException.class);
        assertThatThrownBy(() -> canary("hundred", 100, 5))
                .isInstanceOf(InvalidTrafficRoutingConfigurationException.class);
        assertThatThrownBy(() -> canary("no-interval", 10, 0))
                .isInstanceOf(InvalidTrafficRoutingConfigurationException.class);
        assertThatThrownBy(() -> canary("two-days", 10, 2881))
                .isInstanceOf(InvalidTrafficRoutingConfigurationException.class);
        assertThatThrownBy(() -> sandbox.codeDeploy.createDeploymentConfig(request -> request
                .deploymentConfigName("slow-linear").computePlatform("Lambda")
                .trafficRoutingConfig(routing -> routing.type(TrafficRoutingType.TIME_BASED_LINEAR)
                        .timeBasedLinear(linear -> linear.linearPercentage(1).linearInterval(30)))))
                .isInstanceOf(InvalidTrafficRoutingConfigurationException.class)
                .hasMessageContaining("2880");
        assertThatThrownBy(() -> sandbox.codeDeploy.createDeploymentConfig(request -> request
                .deploymentConfigName("linear-zero").computePlatform("Lambda")
                .trafficRoutingConfig(routing -> routing.type(TrafficRoutingType.TIME_BASED_LINEAR)
                        .timeBasedLinear(linear -> linear.linearPercentage(10).linearInterval(0)))))
                .isInstanceOf(InvalidTrafficRoutingConfigurationException.class);
        canary("longest", 10, 2880);
        assertThat(sandbox.codeDeploy.getDeploymentConfig(request -> request.deploymentConfigName("longest"))
                .deploymentConfigInfo().trafficRoutingConfig().timeBasedCanary().canaryInterval()).isEqualTo(2880);
    }

    private void canary(String name, int percentage, int interval) {
        sandbox.codeDeploy.createDeploymentConfig(request -> request.deploymentConfigName(name)
                .computePlatform("Lambda")
                .trafficRoutingConfig(routing -> routing.type(TrafficRoutingType.TIME_BASED_CANARY)
                        .timeBasedCanary(canary -> canary.canaryPercentage(percentage).canaryInterval(interval))));
    }

    @Test
    void refusesDeploymentGroupsAwsRefuses() throws IOException {
        start(FAST);
        assertThatThrownBy(() -> sandbox.codeDeploy.createDeploymentGroup(request -> request
                .applicationName("missing").deploymentGroupName(GROUP).serviceRoleArn(CodeDeploySandbox.SERVICE_ROLE)))
                .isInstanceOf(ApplicationDoesNotExistException.class);
        sandbox.codeDeploy.createApplication(request -> request.applicationName(APPLICATION).computePlatform("Lambda"));

        assertThatThrownBy(() -> group(request -> request.serviceRoleArn(null)))
                .isInstanceOf(RoleRequiredException.class);
        assertThatThrownBy(() -> group(request -> request.alarmConfiguration(alarms -> alarms.enabled(true)
                .alarms(IntStream.range(0, 11).mapToObj(i -> software.amazon.awssdk.services.codedeploy.model.Alarm
                        .builder().name("alarm-" + i).build()).toList()))))
                .isInstanceOf(AlarmsLimitExceededException.class);
        assertThatThrownBy(() -> group(request -> request.alarmConfiguration(alarms -> alarms.enabled(true))))
                .isInstanceOf(InvalidAlarmConfigException.class);
        assertThatThrownBy(() -> group(request -> request.autoRollbackConfiguration(rollback -> rollback
                .enabled(true)))).isInstanceOf(InvalidAutoRollbackConfigException.class);
        assertThatThrownBy(() -> group(request -> request.deploymentStyle(style -> style.deploymentType("IN_PLACE")
                .deploymentOption("WITHOUT_TRAFFIC_CONTROL")))).isInstanceOf(InvalidDeploymentStyleException.class);
        assertThatThrownBy(() -> group(request -> request.deploymentConfigName("CodeDeployDefault.OneAtATime")))
                .isInstanceOf(InvalidDeploymentConfigNameException.class);

        group(request -> request.alarmConfiguration(alarms -> alarms.enabled(true)
                .alarms(IntStream.range(0, 10).mapToObj(i -> software.amazon.awssdk.services.codedeploy.model.Alarm
                        .builder().name("alarm-" + i).build()).toList())));
        var info = sandbox.codeDeploy.getDeploymentGroup(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP)).deploymentGroupInfo();
        assertThat(info.alarmConfiguration().alarms()).hasSize(10);
        assertThat(info.deploymentStyle().deploymentTypeAsString()).isEqualTo("BLUE_GREEN");
        assertThat(info.computePlatformAsString()).isEqualTo("Lambda");
    }

    private void group(java.util.function.Consumer<
            software.amazon.awssdk.services.codedeploy.model.CreateDeploymentGroupRequest.Builder> change) {
        var request = software.amazon.awssdk.services.codedeploy.model.CreateDeploymentGroupRequest.builder()
                .applicationName(APPLICATION).deploymentGroupName(GROUP).serviceRoleArn(CodeDeploySandbox.SERVICE_ROLE);
        change.accept(request);
        sandbox.codeDeploy.createDeploymentGroup(request.build());
    }

    @Test
    void refusesRevisionsAwsRefusesAndFailsMalformedAppSpecs() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.applicationAndGroup(group -> { });

        assertThatThrownBy(() -> sandbox.codeDeploy.createDeployment(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP))).isInstanceOf(RevisionRequiredException.class);
        String content = appSpec("1", "2", null, null);
        assertThatThrownBy(() -> sandbox.codeDeploy.createDeployment(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP).revision(revision -> revision
                        .revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                        .appSpecContent(appSpec -> appSpec.content(content).sha256("00".repeat(32))))))
                .isInstanceOf(InvalidRevisionException.class);
        assertThatThrownBy(() -> sandbox.deploy("version: [0.0\nResources: {", null))
                .isInstanceOf(InvalidRevisionException.class);

        String matching = sandbox.codeDeploy.createDeployment(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP).revision(revision -> revision
                        .revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                        .appSpecContent(appSpec -> appSpec.content(content)
                                .sha256(CodeDeployControlPlane.sha256(content))))).deploymentId();
        assertThat(sandbox.awaitStatus(matching, "Succeeded", "Failed").status())
                .isEqualTo(DeploymentStatus.SUCCEEDED);

        String twoResources = """
                {"version": 0.0, "Resources": [
                  {"a": {"Type": "AWS::Lambda::Function", "Properties": {"Name": "edge-function", "Alias": "live",
                         "CurrentVersion": "2", "TargetVersion": "1"}}},
                  {"b": {"Type": "AWS::Lambda::Function", "Properties": {"Name": "edge-function", "Alias": "live",
                         "CurrentVersion": "2", "TargetVersion": "1"}}}]}
                """;
        String id = sandbox.deploy(twoResources, null);
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed");
        assertThat(info.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(info.errorInformation().code()).isEqualTo(ErrorCode.INVALID_LAMBDA_CONFIGURATION);
        assertThat(info.errorInformation().message()).startsWith(DeploymentRun.LAMBDA_CONFIGURATION_MESSAGE);

        String sameVersions = sandbox.deploy(appSpec("2", "2", null, null), null);
        assertThat(sandbox.awaitStatus(sameVersions, "Succeeded", "Failed").status())
                .isEqualTo(DeploymentStatus.FAILED);
        assertOnlyOn(sandbox.alias(), "2");
    }

    @Test
    void listsAndGetsDeploymentsAsAwsDoes() throws Exception {
        start(FAST).functionWithVersions(3);
        sandbox.applicationAndGroup(group -> { });
        String first = sandbox.deploy(appSpec("1", "2", null, null), null);
        sandbox.awaitStatus(first, "Succeeded");
        String second = sandbox.deploy(appSpec("1", "3", null, null), null);
        sandbox.awaitStatus(second, "Failed");

        assertThat(sandbox.codeDeploy.listDeployments(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP)).deployments()).containsExactlyInAnyOrder(first, second);
        assertThat(sandbox.codeDeploy.listDeployments(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP).includeOnlyStatusesWithStrings("Failed")).deployments())
                .containsExactly(second);
        assertThatThrownBy(() -> sandbox.codeDeploy.getDeployment(request -> request.deploymentId("d-AAAAAAAAA")))
                .isInstanceOf(DeploymentDoesNotExistException.class);
        assertThatThrownBy(() -> sandbox.codeDeploy.getDeployment(request -> request.deploymentId("bogus")))
                .isInstanceOf(InvalidDeploymentIdException.class);
        var group = sandbox.codeDeploy.getDeploymentGroup(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP)).deploymentGroupInfo();
        assertThat(group.lastSuccessfulDeployment().deploymentId()).isEqualTo(first);
        assertThat(group.lastAttemptedDeployment().deploymentId()).isEqualTo(second);
    }

    @Test
    void hooksRunBeforeAndAfterTheShiftAndTheirReportsDecide() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.createFunction("CodeDeployHook_pre", CodeDeploySandbox.handler(
                "export const handler = async (event) => event;"));
        sandbox.createFunction("CodeDeployHook_post", CodeDeploySandbox.handler(
                "export const handler = async (event) => event;"));
        sandbox.applicationAndGroup(group -> group.deploymentConfigName(
                "CodeDeployDefault.LambdaCanary10Percent5Minutes"));
        List<String> events = new CopyOnWriteArrayList<>();
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                events.add("shift " + shift.targetPercent());
            }

            @Override
            public void hookInvoked(HookInvocation hook) {
                events.add(hook.lifecycleEvent() + " " + hook.functionName());
                sandbox.codeDeploy.putLifecycleEventHookExecutionStatus(request -> request
                        .deploymentId(hook.deploymentId())
                        .lifecycleEventHookExecutionId(hook.lifecycleEventHookExecutionId())
                        .status(LifecycleEventStatus.SUCCEEDED));
            }
        });

        String id = sandbox.deploy(appSpec("1", "2", "CodeDeployHook_pre", "CodeDeployHook_post"), null);

        assertThat(sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped").status())
                .isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(events).containsExactly("BeforeAllowTraffic CodeDeployHook_pre", "shift 10", "shift 100",
                "AfterAllowTraffic CodeDeployHook_post");
    }

    @Test
    void aFailedBeforeAllowTrafficHookFailsTheDeploymentBeforeAnyTrafficMoves() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.createFunction("CodeDeployHook_pre", CodeDeploySandbox.handler(
                "export const handler = async (event) => event;"));
        sandbox.applicationAndGroup(group -> group.autoRollbackConfiguration(rollback -> rollback.enabled(true)
                .events(AutoRollbackEvent.DEPLOYMENT_FAILURE)));
        List<HookInvocation> hooks = new CopyOnWriteArrayList<>();
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void hookInvoked(HookInvocation hook) {
                hooks.add(hook);
                sandbox.codeDeploy.putLifecycleEventHookExecutionStatus(request -> request
                        .deploymentId(hook.deploymentId())
                        .lifecycleEventHookExecutionId(hook.lifecycleEventHookExecutionId())
                        .status(LifecycleEventStatus.FAILED));
            }
        });

        String id = sandbox.deploy(appSpec("1", "2", "CodeDeployHook_pre", null), null);
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(info.errorInformation().code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
        assertThat(percents(id)).containsExactly(0);
        assertOnlyOn(sandbox.alias(), "1");
        HookInvocation hook = hooks.get(0);
        assertThatThrownBy(() -> sandbox.codeDeploy.putLifecycleEventHookExecutionStatus(request -> request
                .deploymentId(id).lifecycleEventHookExecutionId(hook.lifecycleEventHookExecutionId())
                .status(LifecycleEventStatus.SUCCEEDED)))
                .isInstanceOf(LifecycleEventAlreadyCompletedException.class);
    }

    @Test
    void aHookThatNeverReportsFailsTheDeploymentAfterOneHour() throws Exception {
        start(7200).functionWithVersions(2);
        sandbox.createFunction("CodeDeployHook_pre", CodeDeploySandbox.handler(
                "export const handler = async (event) => event;"));
        sandbox.applicationAndGroup(group -> { });
        List<HookInvocation> hooks = new CopyOnWriteArrayList<>();
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void hookInvoked(HookInvocation hook) {
                hooks.add(hook);
            }
        });

        String id = sandbox.deploy(appSpec("1", "2", "CodeDeployHook_pre", null), null);
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(info.errorInformation().code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
        assertThat(info.errorInformation().message()).contains("within one hour");
        assertThat(Duration.between(hooks.get(0).at(), info.completeTime()))
                .isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(percents(id)).isEmpty();
    }

    @Test
    void refusesHookReportsAwsRefuses() throws Exception {
        start(FAST).functionWithVersions(2);
        sandbox.createFunction("CodeDeployHook_pre", CodeDeploySandbox.handler(
                "export const handler = async (event) => event;"));
        sandbox.applicationAndGroup(group -> { });
        java.util.concurrent.CompletableFuture<HookInvocation> invoked = new java.util.concurrent.CompletableFuture<>();
        sandbox.codeDeployService.addListener(new DeploymentListener() {
            @Override
            public void hookInvoked(HookInvocation hook) {
                invoked.complete(hook);
            }
        });
        String id = sandbox.deploy(appSpec("1", "2", "CodeDeployHook_pre", null), null);
        HookInvocation hook = invoked.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThatThrownBy(() -> sandbox.codeDeploy.putLifecycleEventHookExecutionStatus(request -> request
                .deploymentId(id).lifecycleEventHookExecutionId("unknown").status(LifecycleEventStatus.SUCCEEDED)))
                .isInstanceOf(InvalidLifecycleEventHookExecutionIdException.class);
        assertThatThrownBy(() -> sandbox.codeDeploy.putLifecycleEventHookExecutionStatus(request -> request
                .deploymentId(id).lifecycleEventHookExecutionId(hook.lifecycleEventHookExecutionId())
                .status(LifecycleEventStatus.PENDING)))
                .isInstanceOf(InvalidLifecycleEventHookExecutionStatusException.class);
        sandbox.codeDeploy.putLifecycleEventHookExecutionStatus(request -> request.deploymentId(id)
                .lifecycleEventHookExecutionId(hook.lifecycleEventHookExecutionId())
                .status(LifecycleEventStatus.SUCCEEDED));
        assertThat(sandbox.awaitStatus(id, "Succeeded", "Failed").status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    private void selfReportingHook(String name, String status) throws IOException {
        String source;
        try (var in = getClass().getResourceAsStream("self-reporting-hook.mjs")) {
            source = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        sandbox.lambda.createFunction(request -> request.functionName(name)
                .runtime(software.amazon.awssdk.services.lambda.model.Runtime.NODEJS22_X)
                .role(CodeDeploySandbox.ROLE).handler("index.handler")
                .code(code -> code.zipFile(CodeDeploySandbox.handler(source)))
                .environment(environment -> environment.variables(java.util.Map.of(
                        "CODEDEPLOY_ENDPOINT", sandbox.codeDeployService.endpoint().toString(),
                        "HOOK_STATUS", status))));
    }

    @Test
    void hookFunctionsThatReportThemselvesLetTheDeploymentSucceed() throws Exception {
        start(FAST).functionWithVersions(2);
        selfReportingHook("CodeDeployHook_pre", "Succeeded");
        selfReportingHook("CodeDeployHook_post", "Succeeded");
        sandbox.applicationAndGroup(group -> group.deploymentConfigName(
                "CodeDeployDefault.LambdaCanary10Percent5Minutes"));

        String id = sandbox.deploy(appSpec("1", "2", "CodeDeployHook_pre", "CodeDeployHook_post"), null);

        assertThat(sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped").status())
                .isEqualTo(DeploymentStatus.SUCCEEDED);
        assertOnlyOn(sandbox.alias(), "2");
    }

    @Test
    void aHookFunctionReportingFailedFailsTheDeployment() throws Exception {
        start(FAST).functionWithVersions(2);
        selfReportingHook("CodeDeployHook_pre", "Failed");
        sandbox.applicationAndGroup(group -> { });

        String id = sandbox.deploy(appSpec("1", "2", "CodeDeployHook_pre", null), null);
        DeploymentInfo info = sandbox.awaitStatus(id, "Succeeded", "Failed", "Stopped");

        assertThat(info.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(info.errorInformation().message()).contains("reported Failed");
        assertOnlyOn(sandbox.alias(), "1");
    }

    @Test
    void refusesUnsignedRequests() throws Exception {
        start(FAST);
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(sandbox.codeDeployService.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "CodeDeploy_20141006.ListDeployments")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("MissingAuthenticationTokenException");
    }

    @Test
    void updateDeploymentGroupChangesOnlyWhatItIsGiven() throws IOException {
        start(FAST);
        sandbox.applicationAndGroup(group -> group.autoRollbackConfiguration(rollback -> rollback.enabled(true)
                .events(AutoRollbackEvent.DEPLOYMENT_FAILURE)));

        sandbox.codeDeploy.updateDeploymentGroup(request -> request.applicationName(APPLICATION)
                .currentDeploymentGroupName(GROUP)
                .deploymentConfigName("CodeDeployDefault.LambdaCanary10Percent10Minutes")
                .alarmConfiguration(alarms -> alarms.enabled(true).alarms(alarm -> alarm.name("edge-errors"))));
        var info = sandbox.codeDeploy.getDeploymentGroup(request -> request.applicationName(APPLICATION)
                .deploymentGroupName(GROUP)).deploymentGroupInfo();

        assertThat(info.deploymentConfigName()).isEqualTo("CodeDeployDefault.LambdaCanary10Percent10Minutes");
        assertThat(info.alarmConfiguration().alarms()).extracting(alarm -> alarm.name()).containsExactly("edge-errors");
        assertThat(info.autoRollbackConfiguration().events()).containsExactly(AutoRollbackEvent.DEPLOYMENT_FAILURE);
        assertThat(info.serviceRoleArn()).isEqualTo(CodeDeploySandbox.SERVICE_ROLE);
    }
}
