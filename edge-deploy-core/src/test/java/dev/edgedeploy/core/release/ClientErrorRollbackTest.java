package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgedeploy.core.bootstrap.DistributionBootstrap;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.sandbox.codedeploy.DeploymentListener;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import dev.edgedeploy.sandbox.edge.ViewerRequest;
import dev.edgedeploy.sandbox.edge.ViewerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * Client errors end to end against the sandbox edge: a bootstrapped distribution (with the beacon behavior), the
 * entry served with the error beacon, beacons POSTed through the edge front, ClientErrors datapoints with the green
 * build's BuildId, the release's alarm on them, and CodeDeploy rolling the shift back.
 */
class ClientErrorRollbackTest {

    @TempDir
    Path work;

    private ReleaseSandbox edge;
    private String distribution;

    @BeforeEach
    void start() {
        edge = new ReleaseSandbox(work);
        distribution = new DistributionBootstrap(edge.clients.cloudFront()).ensure(ReleaseSandbox.FUNCTION,
                edge.target.primary(), DeployListener.NONE);
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void theEntryCarriesTheBeaconOfItsBuildAndABeaconOfAnotherBuildIsRefused() throws Exception {
        edge.release(edge.committedBuild("b1", "one"), edge.settings(distribution).build());

        ViewerResponse entry = edge.sandbox.edgeFront().request(distribution, ViewerRequest.get("/assets/index.js")
                .withHeader("Accept-Encoding", "gzip"));
        ViewerResponse foreign = beacon("not-a-build", "error");
        ViewerResponse get = edge.sandbox.edgeFront().request(distribution, ViewerRequest.get(
                DistributionAssociation.BEACON_PATH_PATTERN));

        String served = gunzip(entry.body());
        assertThat(served.lines().findFirst().orElseThrow()).contains("/_edge-deploy/beacon")
                .endsWith("(\"b1\",window);");
        assertThat(served).contains("console.log('one')");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(get.status()).isEqualTo(405);
        assertThat(clientErrorDatapoints("b1")).isZero();
    }

    @Test
    void beaconsOfTheGreenBuildFireItsAlarmAndCodeDeployRollsTheShiftBack() throws Exception {
        ReleaseSettings settings = edge.settings(distribution).clientErrorThreshold(3).build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        CountDownLatch shifting = new CountDownLatch(1);
        edge.sandbox.codeDeploy().addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 10) {
                    shifting.countDown();
                }
            }
        });

        CompletableFuture<ReleaseReport> release = CompletableFuture.supplyAsync(() -> edge.release(b2, settings));
        assertThat(shifting.await(60, TimeUnit.SECONDS)).as("the shift starts").isTrue();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(beacon("b2", i % 2 == 0 ? "error" : "chunk-load").status());
        }

        assertThat(statuses).containsOnly(204);
        assertThatThrownBy(() -> release.get(120, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("alarm " + ReleaseSandbox.FUNCTION + "-client-errors")
                .hasMessageContaining("back on version 1");
        assertThat(clientErrorDatapoints("b2")).isEqualTo(5);
        MetricAlarm alarm = edge.clients.cloudWatch().describeAlarms(r -> r.alarmNames(ReleaseSandbox.FUNCTION
                + "-client-errors")).metricAlarms().get(0);
        assertThat(alarm.dimensions()).extracting(d -> d.name() + "=" + d.value())
                .containsExactly("FunctionName=" + ReleaseSandbox.FUNCTION, "BuildId=b2");
        assertThat(edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION).name("live"))
                .functionVersion()).isEqualTo("1");
    }

    @Test
    void theNextReleaseWatchesItsOwnBuildStartingFromNoData() {
        ReleaseSettings settings = edge.settings(distribution).clientErrorThreshold(3)
                .schedule(ShiftSchedule.predefined("LambdaAllAtOnce")).build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        edge.release(edge.committedBuild("b2", "two"), settings);
        ClientErrorAlarm alarm = settings.clientErrorAlarm().orElseThrow();
        edge.clients.cloudWatch().setAlarmState(r -> r.alarmName(alarm.name()).stateValue("ALARM")
                .stateReason("b2 was bad"));

        boolean changed = alarm.watch(edge.clients.cloudWatch(), "b3");
        boolean again = alarm.watch(edge.clients.cloudWatch(), "b3");

        MetricAlarm watched = edge.clients.cloudWatch().describeAlarms(r -> r.alarmNames(alarm.name()))
                .metricAlarms().get(0);
        assertThat(changed).isTrue();
        assertThat(again).as("unchanged: a re-run keeps the alarm's state").isFalse();
        assertThat(watched.dimensions()).extracting(d -> d.value()).contains("b3");
        assertThat(watched.stateValueAsString()).isNotEqualTo("ALARM");
    }

    @Test
    void aThresholdOfZeroCreatesNoAlarm() {
        ReleaseSettings settings = edge.settings(distribution).clientErrorThreshold(0).build();

        assertThat(settings.clientErrorAlarm()).isEmpty();
        assertThat(settings.deploymentAlarms()).isEmpty();
        assertThat(edge.settings(distribution).clientErrorThreshold(-1).build().problems())
                .anySatisfy(problem -> assertThat(problem.subject()).isEqualTo("<clientErrorThreshold>"));
    }

    private ViewerResponse beacon(String buildId, String kind) throws InterruptedException {
        return edge.sandbox.edgeFront().request(distribution, ViewerRequest.post(
                DistributionAssociation.BEACON_PATH_PATTERN, ("{\"buildId\":\"" + buildId + "\",\"kind\":\"" + kind
                        + "\"}").getBytes(StandardCharsets.UTF_8)).withHeader("Content-Type",
                "text/plain;charset=UTF-8"));
    }

    /** The sum of ClientErrors datapoints the sandbox's CloudWatch holds for a build. */
    private long clientErrorDatapoints(String buildId) {
        long sum = 0;
        for (JsonNode metric : edge.sandbox.cloudWatch().stateDump().path("metrics")) {
            if (metric.path("metricName").asText().equals(ClientErrorAlarm.METRIC_NAME)
                    && metric.path("namespace").asText().equals(ClientErrorAlarm.NAMESPACE)
                    && metric.path("dimensions").path("BuildId").asText().equals(buildId)
                    && metric.path("dimensions").path("FunctionName").asText().equals(ReleaseSandbox.FUNCTION)) {
                for (JsonNode sample : metric.path("samples")) {
                    sum += sample.path("sum").asLong(0);
                }
            }
        }
        return sum;
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
