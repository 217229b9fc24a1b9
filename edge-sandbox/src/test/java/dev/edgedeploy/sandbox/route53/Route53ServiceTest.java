package dev.edgedeploy.sandbox.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.GetHealthCheckStatusResponse;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.HostedZoneAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidDomainNameException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchChangeException;
import software.amazon.awssdk.services.route53.model.NoSuchHealthCheckException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** Conformance of the sandbox Route53 API, driven by the real AWS SDK v2 client. */
class Route53ServiceTest {

    private static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDSANDBOX", "sandbox-secret"));

    private Route53Service service;
    private Route53Client route53;

    @BeforeEach
    void start() {
        service = Route53Service.start(Route53Service.Settings.defaults());
        route53 = client(service, CREDENTIALS);
    }

    @AfterEach
    void stop() {
        route53.close();
        service.close();
    }

    static Route53Client client(Route53Service service, AwsCredentialsProvider credentials) {
        return Route53Client.builder().endpointOverride(service.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    static String createZone(Route53Client route53, String name) {
        return route53.createHostedZone(r -> r.name(name).callerReference(UUID.randomUUID().toString()))
                .hostedZone().id();
    }

    static ResourceRecordSet latencyTxt(String name, String region, String healthCheckId) {
        return ResourceRecordSet.builder().name(name).type(RRType.TXT).setIdentifier(region).region(region).ttl(60L)
                .resourceRecords(ResourceRecord.builder().value("\"" + region + "\"").build())
                .healthCheckId(healthCheckId).build();
    }

    static ChangeResourceRecordSetsResponse change(Route53Client route53, String zoneId, ChangeAction action,
            ResourceRecordSet... sets) {
        List<Change> changes = java.util.Arrays.stream(sets)
                .map(set -> Change.builder().action(action).resourceRecordSet(set).build()).toList();
        return route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(changes)));
    }

    static String createHealthCheck(Route53Client route53, String fqdn) {
        return route53.createHealthCheck(r -> r.callerReference(UUID.randomUUID().toString())
                .healthCheckConfig(c -> c.type(HealthCheckType.HTTPS).fullyQualifiedDomainName(fqdn)
                        .resourcePath("/health"))).healthCheck().id();
    }

    private static ResourceRecordSet simpleTxt(String name, String value) {
        return ResourceRecordSet.builder().name(name).type(RRType.TXT).ttl(300L)
                .resourceRecords(ResourceRecord.builder().value(value).build()).build();
    }

    @Test
    void createsAZoneWithItsSoaAndNsRecordsAndFindsItByName() {
        CreateHostedZoneResponse created = route53.createHostedZone(r -> r.name("Example.com")
                .callerReference("zone-1").hostedZoneConfig(c -> c.comment("widget")));

        HostedZone zone = created.hostedZone();
        assertThat(zone.id()).matches("Z[0-9A-Z]{20}");
        assertThat(zone.name()).isEqualTo("example.com.");
        assertThat(zone.resourceRecordSetCount()).isEqualTo(2L);
        assertThat(created.changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
        assertThat(created.delegationSet().nameServers()).hasSize(4);
        assertThat(created.location()).endsWith("/2013-04-01/hostedzone/" + zone.id());

        createZone(route53, "other.org");
        List<HostedZone> found = route53.listHostedZonesByName(r -> r.dnsName("example.com").maxItems("1"))
                .hostedZones();
        // The SDK strips "/hostedzone/" from CreateHostedZone's id but not from ListHostedZonesByName's.
        assertThat(found).extracting(HostedZone::id).containsExactly("/hostedzone/" + zone.id());
        // Route53 refuses the prefixed form in a path (longer than the 32 characters an id may have).
        assertThatThrownBy(() -> route53.getHostedZone(r -> r.id(found.get(0).id())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("length less than or equal to 32");
        assertThat(route53.getHostedZone(r -> r.id(zone.id())).hostedZone().config().comment()).isEqualTo("widget");
        assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone.id())).resourceRecordSets())
                .extracting(ResourceRecordSet::typeAsString).containsExactly("NS", "SOA");
    }

    @Test
    void listsZonesByNameInReversedLabelOrderWithPaging() {
        String b = createZone(route53, "b.example.com");
        String a = createZone(route53, "example.com");
        String c = createZone(route53, "aaa.org");

        var first = route53.listHostedZonesByName(r -> r.maxItems("2"));
        assertThat(first.hostedZones()).extracting(HostedZone::id)
                .containsExactly("/hostedzone/" + a, "/hostedzone/" + b);
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextDNSName()).isEqualTo("aaa.org.");
        var second = route53.listHostedZonesByName(r -> r.dnsName(first.nextDNSName())
                .hostedZoneId(first.nextHostedZoneId()).maxItems("2"));
        assertThat(second.hostedZones()).extracting(HostedZone::id).containsExactly("/hostedzone/" + c);
        assertThat(second.isTruncated()).isFalse();
    }

    @Test
    void refusesASecondZoneWithTheSameCallerReference() {
        route53.createHostedZone(r -> r.name("example.com").callerReference("same"));

        assertThatThrownBy(() -> route53.createHostedZone(r -> r.name("example.com").callerReference("same")))
                .isInstanceOfSatisfying(HostedZoneAlreadyExistsException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void refusesAZoneForATopLevelDomain() {
        assertThatThrownBy(() -> route53.createHostedZone(r -> r.name("com").callerReference("tld")))
                .isInstanceOfSatisfying(InvalidDomainNameException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void answersNoSuchHostedZoneForAnUnknownZone() {
        assertThatThrownBy(() -> route53.getHostedZone(r -> r.id("ZNOSUCHZONE0000000000")))
                .isInstanceOfSatisfying(NoSuchHostedZoneException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("ZNOSUCHZONE0000000000");
                });
        assertThatThrownBy(() -> change(route53, "ZNOSUCHZONE0000000000", ChangeAction.UPSERT,
                simpleTxt("bucket.example.com", "\"x\""))).isInstanceOf(NoSuchHostedZoneException.class);
        assertThatThrownBy(() -> route53.listResourceRecordSets(r -> r.hostedZoneId("ZNOSUCHZONE0000000000")))
                .isInstanceOf(NoSuchHostedZoneException.class);
    }

    @Test
    void upsertsLatencyTxtRecordsWithAHealthCheckAndListsThem() {
        String zoneId = createZone(route53, "example.com");
        String healthCheckId = createHealthCheck(route53, "assets-eu-west-1.s3.eu-west-1.amazonaws.com");

        ChangeResourceRecordSetsResponse response = change(route53, zoneId, ChangeAction.UPSERT,
                latencyTxt("bucket.example.com", "us-east-1", null),
                latencyTxt("bucket.example.com", "eu-west-1", healthCheckId),
                latencyTxt("bucket.example.com", "ap-southeast-2", null));

        assertThat(response.changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
        assertThat(response.changeInfo().id()).startsWith("C");
        List<ResourceRecordSet> sets = route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)
                .startRecordName("bucket.example.com").startRecordType(RRType.TXT)).resourceRecordSets();
        assertThat(sets).extracting(ResourceRecordSet::setIdentifier)
                .containsExactly("ap-southeast-2", "eu-west-1", "us-east-1");
        ResourceRecordSet eu = sets.get(1);
        assertThat(eu.name()).isEqualTo("bucket.example.com.");
        assertThat(eu.regionAsString()).isEqualTo("eu-west-1");
        assertThat(eu.ttl()).isEqualTo(60L);
        assertThat(eu.healthCheckId()).isEqualTo(healthCheckId);
        assertThat(eu.resourceRecords()).extracting(ResourceRecord::value).containsExactly("\"eu-west-1\"");
        assertThat(route53.getHostedZone(r -> r.id(zoneId)).hostedZone().resourceRecordSetCount()).isEqualTo(5L);
    }

    @Test
    void upsertReplacesARecordSetInPlace() {
        String zoneId = createZone(route53, "example.com");
        change(route53, zoneId, ChangeAction.UPSERT, latencyTxt("bucket.example.com", "us-east-1", null));

        ResourceRecordSet replaced = latencyTxt("bucket.example.com", "us-east-1", null).toBuilder().ttl(5L).build();
        change(route53, zoneId, ChangeAction.UPSERT, replaced);

        List<ResourceRecordSet> sets = route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)
                .startRecordName("bucket.example.com")).resourceRecordSets();
        assertThat(sets).singleElement().extracting(ResourceRecordSet::ttl).isEqualTo(5L);
    }

    @Test
    void reportsAChangePendingUntilItHasPropagated() {
        try (Route53Service slow = Route53Service.start(Route53Service.Settings.defaults()
                .withPropagationDelay(Duration.ofHours(1)));
                Route53Client client = client(slow, CREDENTIALS)) {
            String zoneId = createZone(client, "example.com");
            String changeId = change(client, zoneId, ChangeAction.CREATE,
                    latencyTxt("bucket.example.com", "us-east-1", null)).changeInfo().id();

            assertThat(client.getChange(r -> r.id(changeId)).changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
            slow.propagateChanges();
            assertThat(client.getChange(r -> r.id(changeId)).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
        }
    }

    @Test
    void theSdkWaiterSeesAChangeInSyncWithoutPropagationDelay() {
        String zoneId = createZone(route53, "example.com");
        String changeId = change(route53, zoneId, ChangeAction.CREATE,
                latencyTxt("bucket.example.com", "us-east-1", null)).changeInfo().id();

        var outcome = route53.waiter().waitUntilResourceRecordSetsChanged(r -> r.id(changeId));

        assertThat(outcome.matched().response()).hasValueSatisfying(
                response -> assertThat(response.changeInfo().status()).isEqualTo(ChangeStatus.INSYNC));
    }

    @Test
    void answersNoSuchChangeForAnUnknownChange() {
        assertThatThrownBy(() -> route53.getChange(r -> r.id("CNOSUCHCHANGE")))
                .isInstanceOfSatisfying(NoSuchChangeException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void refusesCreatingAnExistingRecordSetAndAppliesNothingOfTheBatch() {
        String zoneId = createZone(route53, "example.com");
        change(route53, zoneId, ChangeAction.CREATE, latencyTxt("bucket.example.com", "us-east-1", null));

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                latencyTxt("bucket.example.com", "eu-west-1", null),
                latencyTxt("bucket.example.com", "us-east-1", null)))
                .isInstanceOfSatisfying(InvalidChangeBatchException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("[Tried to create resource record set "
                            + "[name='bucket.example.com.', type='TXT', set-identifier='us-east-1'] but it already "
                            + "exists]");
                });
        assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
                .extracting(ResourceRecordSet::setIdentifier).containsExactly(null, null, "us-east-1");
    }

    @Test
    void refusesDeletingAMissingRecordSetOrOneWithOtherValues() {
        String zoneId = createZone(route53, "example.com");
        change(route53, zoneId, ChangeAction.CREATE, simpleTxt("note.example.com", "\"v1\""));

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.DELETE, simpleTxt("gone.example.com", "\"v\"")))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("Tried to delete resource record set [name='gone.example.com.', type='TXT'] "
                        + "but it was not found");
        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.DELETE, simpleTxt("note.example.com", "\"v2\"")))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("but the values provided do not match the current values");

        change(route53, zoneId, ChangeAction.DELETE, simpleTxt("note.example.com", "\"v1\""));
        assertThat(route53.getHostedZone(r -> r.id(zoneId)).hostedZone().resourceRecordSetCount()).isEqualTo(2L);
    }

    @Test
    void reportsEveryProblemOfABatchInOneInvalidChangeBatch() {
        String zoneId = createZone(route53, "example.com");

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                simpleTxt("bucket.example.com", "unquoted"),
                simpleTxt("bucket.example.org", "\"x\"")))
                .isInstanceOfSatisfying(InvalidChangeBatchException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("[Invalid Resource Record: 'FATAL problem: "
                                + "InvalidCharacterString (Value should be enclosed in quotation marks) encountered "
                                + "with 'unquoted'', RRSet with DNS name bucket.example.org. is not permitted in zone "
                                + "example.com.]"));
    }

    @Test
    void refusesTxtStringsLongerThan255Characters() {
        String zoneId = createZone(route53, "example.com");

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                simpleTxt("long.example.com", "\"" + "a".repeat(256) + "\"")))
                .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("CharacterStringTooLong");
        change(route53, zoneId, ChangeAction.CREATE,
                simpleTxt("long.example.com", "\"" + "a".repeat(255) + "\" \"" + "b".repeat(255) + "\""));
    }

    @Test
    void refusesMixingSimpleAndLatencyRecordSetsOfOneNameAndType() {
        String zoneId = createZone(route53, "example.com");
        change(route53, zoneId, ChangeAction.CREATE, simpleTxt("bucket.example.com", "\"us-east-1\""));

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.UPSERT,
                latencyTxt("bucket.example.com", "eu-west-1", null)))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("RRSet with DNS name bucket.example.com., type TXT, SetIdentifier eu-west-1 "
                        + "cannot be created as a non-weighted set exists with the same name and type.");

        String other = createZone(route53, "example.net");
        change(route53, other, ChangeAction.CREATE, latencyTxt("bucket.example.net", "eu-west-1", null));
        assertThatThrownBy(() -> change(route53, other, ChangeAction.CREATE,
                simpleTxt("bucket.example.net", "\"x\""))).isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("cannot be created as weighted sets exist with the same name and type.");
    }

    @Test
    void refusesASecondLatencyRecordForTheSameRegion() {
        String zoneId = createZone(route53, "example.com");
        change(route53, zoneId, ChangeAction.CREATE, latencyTxt("bucket.example.com", "eu-west-1", null));

        ResourceRecordSet sameRegion = latencyTxt("bucket.example.com", "eu-west-1", null).toBuilder()
                .setIdentifier("dublin-2").build();
        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE, sameRegion))
                .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("region eu-west-1");
    }

    @Test
    void refusesLatencyRecordSetsWithoutSetIdentifierOrRegionAsInvalidInput() {
        String zoneId = createZone(route53, "example.com");
        ResourceRecordSet latency = latencyTxt("bucket.example.com", "eu-west-1", null);

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                latency.toBuilder().setIdentifier(null).build()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("Invalid request: Missing field 'SetIdentifier' "
                                + "in Change with [Action=CREATE, Name=bucket.example.com, Type=TXT, "
                                + "SetIdentifier=null]"));
        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                latency.toBuilder().region((String) null).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Expected exactly one of [Weight, Region, Failover, GeoLocation, "
                        + "MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig], but found none");
        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                latency.toBuilder().region("mars-north-1").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("mars-north-1");
        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE, latency.toBuilder().ttl(null).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or "
                        + "TrafficPolicyInstanceId], but found none");
    }

    @Test
    void refusesARecordSetNamingAnUnknownHealthCheck() {
        String zoneId = createZone(route53, "example.com");

        assertThatThrownBy(() -> change(route53, zoneId, ChangeAction.CREATE,
                latencyTxt("bucket.example.com", "eu-west-1", UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(NoSuchHealthCheckException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void pagesThroughRecordSetsWithNextNameTypeAndIdentifier() {
        String zoneId = createZone(route53, "example.com");
        change(route53, zoneId, ChangeAction.CREATE, latencyTxt("bucket.example.com", "us-east-1", null),
                latencyTxt("bucket.example.com", "eu-west-1", null), simpleTxt("a.example.com", "\"a\""));

        ListResourceRecordSetsResponse first = route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)
                .maxItems("3"));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.resourceRecordSets()).extracting(ResourceRecordSet::name)
                .containsExactly("example.com.", "example.com.", "a.example.com.");
        assertThat(first.nextRecordName()).isEqualTo("bucket.example.com.");
        assertThat(first.nextRecordTypeAsString()).isEqualTo("TXT");
        assertThat(first.nextRecordIdentifier()).isEqualTo("eu-west-1");

        assertThatThrownBy(() -> route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)
                .startRecordType(RRType.TXT))).isInstanceOf(InvalidInputException.class);
        List<ResourceRecordSet> all = route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId)
                .maxItems("2")).resourceRecordSets().stream().toList();
        assertThat(all).hasSize(5);
    }

    @Test
    void createsHealthChecksIdempotentlyByCallerReference() {
        HealthCheck created = route53.createHealthCheck(r -> r.callerReference("hc-1").healthCheckConfig(c -> c
                .type(HealthCheckType.HTTPS).fullyQualifiedDomainName("bucket.s3.eu-west-1.amazonaws.com")
                .resourcePath("/health"))).healthCheck();

        assertThat(created.healthCheckConfig().port()).isEqualTo(443);
        assertThat(created.healthCheckConfig().requestInterval()).isEqualTo(30);
        assertThat(created.healthCheckConfig().failureThreshold()).isEqualTo(3);
        HealthCheck again = route53.createHealthCheck(r -> r.callerReference("hc-1").healthCheckConfig(c -> c
                .type(HealthCheckType.HTTPS).fullyQualifiedDomainName("bucket.s3.eu-west-1.amazonaws.com")
                .resourcePath("/health"))).healthCheck();
        assertThat(again.id()).isEqualTo(created.id());
        assertThatThrownBy(() -> route53.createHealthCheck(r -> r.callerReference("hc-1").healthCheckConfig(c -> c
                .type(HealthCheckType.HTTPS).fullyQualifiedDomainName("other.example.com"))))
                .isInstanceOfSatisfying(HealthCheckAlreadyExistsException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(409));
        assertThat(route53.getHealthCheck(r -> r.healthCheckId(created.id())).healthCheck()).isEqualTo(created);
    }

    @Test
    void refusesHealthChecksWithoutAnEndpointOrPort() {
        assertThatThrownBy(() -> route53.createHealthCheck(r -> r.callerReference("hc-2")
                .healthCheckConfig(c -> c.type(HealthCheckType.HTTPS))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> route53.createHealthCheck(r -> r.callerReference("hc-3")
                .healthCheckConfig(c -> c.type(HealthCheckType.TCP).ipAddress("192.0.2.10"))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void reportsTheHealthCheckStatusATestSets() {
        String id = createHealthCheck(route53, "bucket.s3.eu-west-1.amazonaws.com");

        GetHealthCheckStatusResponse healthy = route53.getHealthCheckStatus(r -> r.healthCheckId(id));
        assertThat(healthy.healthCheckObservations()).hasSize(8)
                .allSatisfy(o -> assertThat(o.statusReport().status()).startsWith("Success"));
        service.setHealthCheckHealthy(id, false);
        assertThat(route53.getHealthCheckStatus(r -> r.healthCheckId(id)).healthCheckObservations())
                .allSatisfy(o -> assertThat(o.statusReport().status()).startsWith("Failure"));
        assertThatThrownBy(() -> route53.getHealthCheckStatus(r -> r.healthCheckId("no-such-check")))
                .isInstanceOf(NoSuchHealthCheckException.class);
    }

    @Test
    void refusesAnUnsignedRequestAsAwsDoes() throws Exception {
        try (Route53Client anonymous = client(service, AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> anonymous.listHostedZonesByName(r -> r.maxItems("1")))
                    .isInstanceOfSatisfying(Route53Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
                    });
        }
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(service.endpoint() + "/2013-04-01/hostedzone"))
                .POST(HttpRequest.BodyPublishers.ofString("<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws"
                        + ".com/doc/2013-04-01/\"><Name>example.com</Name><CallerReference>x</CallerReference>"
                        + "</CreateHostedZoneRequest>")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(403);
        assertThat(raw.body()).contains("<Code>MissingAuthenticationToken</Code>");
        assertThat(route53.listHostedZonesByName(r -> r.maxItems("1")).hostedZones()).isEmpty();
    }
}
