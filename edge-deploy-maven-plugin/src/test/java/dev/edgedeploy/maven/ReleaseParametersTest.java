package dev.edgedeploy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.release.ReleaseSettings;
import org.junit.jupiter.api.Test;

class ReleaseParametersTest {

    private static ReleaseParameters parameters(String artifactId, String distributionId, String functionRole,
            String codeDeployRole, String deploymentConfig, Integer linearPercentage, Integer linearInterval) {
        return new ReleaseParameters(null, artifactId, distributionId, functionRole, codeDeployRole, deploymentConfig,
                null, null, linearPercentage, linearInterval, null, false, false, 10, null);
    }

    @Test
    void derivesTheFunctionNameFromTheArtifactIdReplacingWhatLambdaRefuses() {
        String longId = "a".repeat(70);

        assertThat(parameters("my.widget", null, null, null, null, null, null).function()).isEqualTo("my-widget");
        assertThat(parameters(longId, null, null, null, null, null, null).function()).hasSize(64);
    }

    @Test
    void acceptsPredefinedConfigurationsWithoutTheLambdaPrefixAndDefaultsToACanary() {
        assertThat(parameters("w", null, null, null, "Linear10PercentEvery1Minute", null, null).schedule().configName())
                .isEqualTo("CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        assertThat(parameters("w", null, null, null, "CodeDeployDefault.LambdaAllAtOnce", null, null).schedule()
                .configName()).isEqualTo("CodeDeployDefault.LambdaAllAtOnce");
        assertThat(parameters("w", null, null, null, null, null, null).schedule().configName())
                .isEqualTo("CodeDeployDefault.LambdaCanary10Percent5Minutes");
    }

    @Test
    void theAwsTargetNeedsTheDistributionAndBothRolesAndNamesEveryMissingOne() {
        assertThatThrownBy(() -> parameters("w", null, null, null, null, null, null).check(false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::subject).containsExactly(
                                "<distributionId> / -DedgeDeploy.distributionId",
                                "<functionRoleArn> / -DedgeDeploy.functionRoleArn",
                                "<codeDeployRoleArn> / -DedgeDeploy.codeDeployRoleArn"));
    }

    @Test
    void theSandboxNeedsNoDistributionAndUsesItsOwnRoles() {
        ReleaseParameters sandbox = parameters("w", null, null, null, null, null, null);
        sandbox.check(true);

        ReleaseSettings settings = sandbox.settings("E1", true, "http://127.0.0.1:4611", "http://127.0.0.1:4613",
                "http://127.0.0.1:4610");

        assertThat(settings.functionRoleArn()).isEqualTo(ReleaseParameters.SANDBOX_ROLE_ARN);
        assertThat(settings.lambdaEndpoint()).isEqualTo("http://127.0.0.1:4611");
        assertThat(settings.cloudWatchEndpoint()).isEqualTo("http://127.0.0.1:4613");
        assertThat(settings.edgeRelease("widget-primary").s3Endpoint()).isEqualTo("http://127.0.0.1:4610");
        assertThat(settings.edgeRelease("widget-primary").weightsBucket()).isEqualTo("widget-primary");
        assertThat(settings.deploymentAlarms()).containsExactly("w-client-errors");
    }

    @Test
    void refusesTwoSchedulesAndAnUnknownConfiguration() {
        assertThatThrownBy(() -> parameters("w", null, null, null, "AllAtOnce", 10, 1).check(true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("more than one");
        assertThatThrownBy(() -> parameters("w", null, null, null, "Linear5PercentEvery1Minute", null, null)
                .check(true)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Linear5PercentEvery1Minute");
        assertThat(parameters("w", null, null, null, null, 20, 2).schedule().configName())
                .isEqualTo("edge-deploy.Linear20PercentEvery2Minutes");
    }
}
