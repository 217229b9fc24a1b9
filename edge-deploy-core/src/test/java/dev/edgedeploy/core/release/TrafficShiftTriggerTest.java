package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ErrorCode;

/** What a failed deployment is blamed on, and what share an alias gives a version. */
class TrafficShiftTriggerTest {

    @Test
    void namesTheActivatedAlarms() {
        DeploymentInfo info = DeploymentInfo.builder().errorInformation(e -> e.code(ErrorCode.ALARM_ACTIVE)
                .message("One or more alarms have been activated according to the Amazon CloudWatch metrics you"
                        + " selected, and the affected deployments have been stopped. Activated alarms:"
                        + " <widget-errors, widget-latency>")).build();

        assertThat(TrafficShift.trigger(info)).isEqualTo("alarm widget-errors, widget-latency");
    }

    @Test
    void namesAFailedHookWithCodeDeploysMessage() {
        DeploymentInfo info = DeploymentInfo.builder().errorInformation(e -> e.code(ErrorCode.HOOK_EXECUTION_FAILURE)
                .message("The BeforeAllowTraffic hook smoke-test failed")).build();

        assertThat(TrafficShift.trigger(info)).startsWith("a failed lifecycle hook").contains("smoke-test");
    }

    @Test
    void fallsBackToTheRollbackMessageAndThenToUnknown() {
        DeploymentInfo rolledBack = DeploymentInfo.builder().rollbackInfo(r -> r.rollbackMessage(
                "Activated alarms: <errors>")).build();

        assertThat(TrafficShift.trigger(rolledBack)).isEqualTo("alarm errors");
        assertThat(TrafficShift.trigger(DeploymentInfo.builder().build())).isEqualTo("an unknown cause");
    }

    @Test
    void aliasSharesFollowTheRoutingConfig() {
        AliasState shifting = new AliasState("1", "2", 0.3);

        assertThat(shifting.percentOn("2")).isEqualTo(30);
        assertThat(shifting.percentOn("1")).isEqualTo(70);
        assertThat(shifting.percentOn("3")).isZero();
        assertThat(new AliasState("2", null, 0).percentOn("2")).isEqualTo(100);
    }
}
