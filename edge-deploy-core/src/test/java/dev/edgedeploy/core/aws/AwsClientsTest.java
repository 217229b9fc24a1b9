package dev.edgedeploy.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.S3Fault;
import dev.edgedeploy.sandbox.S3Operation;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class AwsClientsTest {

    private static final String SECRET = "s3cr3t-value-never-printed";

    @TempDir
    java.nio.file.Path state;

    @Test
    void buildsOneS3ClientPerRegionOnceAndClosesOnce() {
        AwsClients clients = new AwsClients(AwsSettings.defaults().withEndpoints(ServiceEndpoints.s3Only(URI.create(
                "http://127.0.0.1:9"))).withCredentials(CredentialsSource.staticKeys("id", SECRET)));

        S3Client east = clients.s3("us-east-1");

        assertThat(clients.s3("us-east-1")).isSameAs(east);
        assertThat(clients.s3("eu-west-1")).isNotSameAs(east);
        clients.close();
        clients.close();
        assertThatThrownBy(() -> clients.s3("us-east-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noToStringShowsASecret() {
        AwsSettings settings = AwsSettings.defaults()
                .withCredentials(CredentialsSource.staticKeys("AKIDEXAMPLE", SECRET));
        try (AwsClients clients = new AwsClients(settings)) {
            assertThat(settings.toString()).contains("AKIDEXAMPLE").doesNotContain(SECRET);
            assertThat(clients.toString()).doesNotContain(SECRET);
            assertThat(settings.credentials().toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void profilesAndRolesAreResolvedOnFirstCallNotWhenTheClientsAreBuilt() {
        CredentialsSource role = CredentialsSource.profile("no-such-profile")
                .assumingRole("arn:aws:iam::123456789012:role/deployer", "edge-deploy");

        try (AwsClients clients = new AwsClients(AwsSettings.defaults().withCredentials(role))) {
            assertThat(clients.s3("us-east-1")).isNotNull();
            assertThat(clients.toString()).contains("role arn:aws:iam::123456789012:role/deployer assumed with"
                    + " profile no-such-profile");
        }
    }

    @Test
    void refusesRoleChaining() {
        CredentialsSource role = CredentialsSource.defaultChain().assumingRole("arn:aws:iam::1:role/a", "s");

        assertThatThrownBy(() -> role.assumingRole("arn:aws:iam::1:role/b", "s"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesPathStyleOnlyWithAnEndpointOverride() {
        assertThat(AwsSettings.defaults().pathStyle()).isFalse();
        assertThat(AwsSettings.defaults().withEndpoints(ServiceEndpoints.s3Only(URI.create("http://127.0.0.1:1")))
                .pathStyle())
                .isTrue();
    }

    @Test
    void refusesUnusableSettings() {
        assertThatThrownBy(() -> AwsSettings.defaults().withMaxAttempts(0)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> AwsSettings.defaults().withMaxConcurrency(0)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> AwsSettings.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retriesWithTheStandardStrategyUpToMaxAttemptsAndCountsThemPerRegion() {
        try (EdgeSandbox sandbox = EdgeSandbox.builder().stateDirectory(state).region("eu-west-1", "b-eu").start();
                AwsClients clients = new AwsClients(AwsSettings.defaults()
                        .withEndpoints(ServiceEndpoints.s3Only(sandbox.s3Endpoint()))
                        .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID,
                                EdgeSandbox.SECRET_ACCESS_KEY))
                        .withMaxAttempts(4))) {
            sandbox.s3Traffic().failNext(S3Operation.PUT_OBJECT, 3, S3Fault.INTERNAL_ERROR);

            clients.s3("eu-west-1").putObject(b -> b.bucket("b-eu").key("k"), RequestBody.fromString("x"));

            assertThat(sandbox.s3Traffic().count(S3Operation.PUT_OBJECT)).isEqualTo(4);
            assertThat(clients.retries("eu-west-1")).isEqualTo(3);
            assertThat(clients.retries("us-east-1")).isZero();
        }
    }
}
