package dev.edgedeploy.sandbox.route53;

import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.change;
import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.createHealthCheck;
import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.createZone;
import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.latencyTxt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A Route53 sandbox started again on the same state directory holds the same zones, record sets, changes and health
 * checks, seen through the real AWS SDK client, and its name servers answer from them.
 */
class Route53StateRestartTest {

    private static final String BUCKET = "bucket.example.com.";

    @TempDir
    Path state;

    @Test
    void zonesRecordsChangesAndHealthChecksSurviveARestartAndTheNameServersAnswerFromThem() throws IOException {
        String zoneId;
        String euWest1Check;
        String pendingChange;
        String insyncChange;
        HostedZone zoneBefore;
        List<ResourceRecordSet> recordsBefore;
        HealthCheck checkBefore;
        try (Route53Service first = start(); Route53Client route53 = client(first)) {
            zoneId = createZone(route53, "example.com");
            euWest1Check = createHealthCheck(route53, "assets-eu-west-1.s3.eu-west-1.amazonaws.com");
            insyncChange = change(route53, zoneId, ChangeAction.UPSERT,
                    latencyTxt("bucket.example.com", "us-east-1", null),
                    latencyTxt("bucket.example.com", "eu-west-1", euWest1Check),
                    latencyTxt("bucket.example.com", "eu-central-1", null)).changeInfo().id();
            first.propagateChanges();
            pendingChange = change(route53, zoneId, ChangeAction.CREATE,
                    latencyTxt("bucket.example.com", "ap-southeast-2", null)).changeInfo().id();
            first.setHealthCheckHealthy(euWest1Check, false);
            zoneBefore = route53.getHostedZone(r -> r.id(zoneId)).hostedZone();
            recordsBefore = route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets();
            checkBefore = route53.getHealthCheck(r -> r.healthCheckId(euWest1Check)).healthCheck();
        }

        try (Route53Service second = start(); Route53Client route53 = client(second)) {
            assertThat(route53.getHostedZone(r -> r.id(zoneId)).hostedZone()).isEqualTo(zoneBefore);
            assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
                    .isEqualTo(recordsBefore);
            assertThat(route53.getHealthCheck(r -> r.healthCheckId(euWest1Check)).healthCheck())
                    .isEqualTo(checkBefore);
            assertThat(route53.getHealthCheckStatus(r -> r.healthCheckId(euWest1Check)).healthCheckObservations())
                    .extracting(observation -> observation.statusReport().status())
                    .allMatch(status -> status.startsWith("Failure"));
            assertThat(route53.getChange(r -> r.id(insyncChange)).changeInfo().status())
                    .isEqualTo(ChangeStatus.INSYNC);
            assertThat(route53.getChange(r -> r.id(pendingChange)).changeInfo().status())
                    .isEqualTo(ChangeStatus.PENDING);

            InetSocketAddress dublin = second.addEdgeLocation("DUB56-P1", "eu-west-1");
            assertThat(txt(ask(dublin))).as("the unhealthy eu-west-1 record is still skipped")
                    .containsExactly("eu-central-1");
            assertThat(txt(ask(second.addEdgeLocation("SYD62-P2", "ap-southeast-2"))))
                    .containsExactly("ap-southeast-2");
            second.setHealthCheckHealthy(euWest1Check, true);
            assertThat(txt(ask(dublin))).containsExactly("eu-west-1");
        }
    }

    @Test
    void aStateFileOfAnotherSchemaVersionFailsTheStartNamingTheFileAndTheFix() throws IOException {
        Files.createDirectories(state);
        Path file = state.resolve("route53-state.json");
        Files.writeString(file, "{\"service\":\"route53\",\"schemaVersion\":99,\"state\":{}}");

        assertThatThrownBy(this::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("Fix: delete " + state);
    }

    @Test
    void aStateFileThatIsNotJsonFailsTheStart() throws IOException {
        Files.createDirectories(state);
        Path file = state.resolve("route53-state.json");
        Files.writeString(file, "zones: none");

        assertThatThrownBy(this::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not JSON");
    }

    private Route53Service start() {
        return Route53Service.start(Route53Service.Settings.defaults().withPropagationDelay(Duration.ofHours(1))
                .withStateDirectory(state));
    }

    private static Route53Client client(Route53Service service) {
        return Route53ServiceTest.client(service, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSANDBOX", "sandbox-secret")));
    }

    private static Message ask(InetSocketAddress server) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(BUCKET), Type.TXT, DClass.IN)));
    }

    private static List<String> txt(Message answer) {
        return answer.getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
                .map(record -> String.join("", ((TXTRecord) record).getStrings())).toList();
    }
}
