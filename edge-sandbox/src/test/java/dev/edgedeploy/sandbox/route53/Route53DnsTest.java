package dev.edgedeploy.sandbox.route53;

import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.change;
import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.createHealthCheck;
import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.createZone;
import static dev.edgedeploy.sandbox.route53.Route53ServiceTest.latencyTxt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The sandbox name servers, asked with dnsjava's resolver (and the edge runtime's own client when node is here). */
class Route53DnsTest {

    private static final String BUCKET = "bucket.example.com.";

    private Route53Service service;
    private Route53Client route53;
    private String zoneId;
    private String euWest1Check;

    @BeforeEach
    void startWithLatencyRecords() {
        service = Route53Service.start(Route53Service.Settings.defaults());
        route53 = Route53ServiceTest.client(service, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSANDBOX", "sandbox-secret")));
        zoneId = createZone(route53, "example.com");
        euWest1Check = createHealthCheck(route53, "assets-eu-west-1.s3.eu-west-1.amazonaws.com");
        change(route53, zoneId, ChangeAction.UPSERT, latencyTxt("bucket.example.com", "us-east-1", null),
                latencyTxt("bucket.example.com", "eu-west-1", euWest1Check),
                latencyTxt("bucket.example.com", "eu-central-1", null),
                latencyTxt("bucket.example.com", "ap-southeast-2", null));
    }

    @AfterEach
    void stop() {
        route53.close();
        service.close();
    }

    private static Message ask(InetSocketAddress server, String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static List<String> txt(Message answer) {
        return answer.getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
                .map(record -> String.join("", ((TXTRecord) record).getStrings())).toList();
    }

    @Test
    void answersAViewerInEuWest1WithTheEuWest1Record() throws IOException {
        InetSocketAddress dublin = service.addEdgeLocation("DUB56-P1", "eu-west-1");

        Message answer = ask(dublin, BUCKET, Type.TXT);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(txt(answer)).containsExactly("eu-west-1");
    }

    @Test
    void answersEachViewerWithTheNearestRegion() throws IOException {
        assertThat(txt(ask(service.addEdgeLocation("SYD62-P2", "ap-southeast-2"), BUCKET, Type.TXT)))
                .containsExactly("ap-southeast-2");
        assertThat(txt(ask(service.addEdgeLocation("MEL50-C1", "ap-southeast-4"), BUCKET, Type.TXT)))
                .containsExactly("ap-southeast-2");
        assertThat(txt(ask(service.addEdgeLocation("ZRH50-C1", "eu-central-2"), BUCKET, Type.TXT)))
                .containsExactly("eu-central-1");
        assertThat(txt(ask(service.dnsAddress(), BUCKET, Type.TXT))).containsExactly("us-east-1");
    }

    @Test
    void skipsTheNearestRecordWhileItsHealthCheckIsUnhealthy() throws IOException {
        InetSocketAddress dublin = service.addEdgeLocation("DUB56-P1", "eu-west-1");

        service.setHealthCheckHealthy(euWest1Check, false);
        assertThat(txt(ask(dublin, BUCKET, Type.TXT))).containsExactly("eu-central-1");

        service.setHealthCheckHealthy(euWest1Check, true);
        assertThat(txt(ask(dublin, BUCKET, Type.TXT))).containsExactly("eu-west-1");
    }

    @Test
    void answersAsIfAllWereHealthyWhenEveryRecordIsUnhealthy() throws IOException {
        String zone = createZone(route53, "example.net");
        String first = createHealthCheck(route53, "a.example.net");
        String second = createHealthCheck(route53, "b.example.net");
        change(route53, zone, ChangeAction.CREATE, latencyTxt("bucket.example.net", "eu-west-1", first),
                latencyTxt("bucket.example.net", "us-east-1", second));
        service.setHealthCheckHealthy(first, false);
        service.setHealthCheckHealthy(second, false);

        assertThat(txt(ask(service.addEdgeLocation("DUB56-P1", "eu-west-1"), "bucket.example.net.", Type.TXT)))
                .containsExactly("eu-west-1");
    }

    @Test
    void answersWithTheRecordSetsTtl() throws IOException {
        Message answer = ask(service.addEdgeLocation("DUB56-P1", "eu-west-1"), BUCKET, Type.TXT);

        assertThat(answer.getSection(Section.ANSWER)).singleElement()
                .satisfies(record -> assertThat(record.getTTL()).isEqualTo(60L));
    }

    @Test
    void answersNxdomainWithTheZonesSoaForAnUnknownName() throws IOException {
        Message answer = ask(service.dnsAddress(), "nothing.example.com.", Type.TXT);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOfSatisfying(SOARecord.class,
                soa -> {
                    assertThat(soa.getName()).hasToString("example.com.");
                    assertThat(soa.getMinimum()).isEqualTo(86400L);
                });
    }

    @Test
    void answersNoDataForAnotherTypeOfAnExistingName() throws IOException {
        Message answer = ask(service.dnsAddress(), BUCKET, Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void answersTheApexSoaAndNameServersRoute53Created() throws IOException {
        assertThat(ask(service.dnsAddress(), "example.com.", Type.SOA).getSection(Section.ANSWER)).singleElement()
                .isInstanceOf(SOARecord.class);
        assertThat(ask(service.dnsAddress(), "example.com.", Type.NS).getSection(Section.ANSWER)).hasSize(4);
    }

    @Test
    void answersNamesThatDoNotExistFromAWildcardBelowTheirClosestEncloser() throws IOException {
        change(route53, zoneId, ChangeAction.CREATE, ResourceRecordSet.builder().name("*.w.example.com")
                .type(RRType.TXT).ttl(30L).resourceRecords(ResourceRecord.builder().value("\"any\"").build())
                .build(), ResourceRecordSet.builder().name("exact.w.example.com").type(RRType.TXT).ttl(30L)
                .resourceRecords(ResourceRecord.builder().value("\"exact\"").build()).build());

        Message wildcard = ask(service.dnsAddress(), "a.b.w.example.com.", Type.TXT);
        assertThat(txt(wildcard)).containsExactly("any");
        assertThat(wildcard.getSection(Section.ANSWER).get(0).getName()).hasToString("a.b.w.example.com.");
        assertThat(txt(ask(service.dnsAddress(), "exact.w.example.com.", Type.TXT))).containsExactly("exact");
        assertThat(ask(service.dnsAddress(), "a.exact.w.example.com.", Type.TXT).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void refusesNamesOutsideEveryHostedZone() throws IOException {
        assertThat(ask(service.dnsAddress(), "bucket.example.org.", Type.TXT).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void decodesQuotedStringsAndOctalEscapesOfASimpleTxtRecord() throws IOException {
        change(route53, zoneId, ChangeAction.CREATE, ResourceRecordSet.builder().name("Note.Example.com")
                .type(RRType.TXT).ttl(30L).resourceRecords(ResourceRecord.builder()
                        .value("\"say \\\"hi\\\"\" \"caf\\303\\251\"").build()).build());

        Message answer = ask(service.dnsAddress(), "note.example.com.", Type.TXT);

        TXTRecord record = (TXTRecord) answer.getSection(Section.ANSWER).get(0);
        assertThat(record.getStringsAsByteArrays()).containsExactly("say \"hi\"".getBytes(StandardCharsets.UTF_8),
                "café".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void seesARecordSetGoneOnceItIsDeleted() throws IOException {
        InetSocketAddress sydney = service.addEdgeLocation("SYD62-P2", "ap-southeast-2");
        change(route53, zoneId, ChangeAction.DELETE, latencyTxt("bucket.example.com", "ap-southeast-2", null));

        assertThat(txt(ask(sydney, BUCKET, Type.TXT))).containsExactly("us-east-1");
    }

    @Test
    void theEdgeRuntimesDnsClientReadsTheLatencyAnswerAndTtl() throws Exception {
        Path client = Path.of("..", "edge-runtime", "src", "dns-txt-query.mjs").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(client), "edge-runtime sources are next to edge-sandbox");
        assumeTrue(nodeIsAvailable(), "node is on the PATH");
        InetSocketAddress dublin = service.addEdgeLocation("DUB56-P1", "eu-west-1");
        service.setHealthCheckHealthy(euWest1Check, false);

        String script = "import { queryTxt } from " + jsString(client.toUri().toString()) + ";\n"
                + "const answer = await queryTxt('bucket.example.com', { server: "
                + jsString(dublin.getAddress().getHostAddress() + ":" + dublin.getPort()) + ", timeoutMs: 5000 });\n"
                + "console.log(JSON.stringify(answer));\n";
        Process node = new ProcessBuilder("node", "--input-type=module", "-e", script).redirectErrorStream(true)
                .start();
        String output;
        try {
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
        } finally {
            output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("{\"value\":\"eu-central-1\",\"ttlSeconds\":60}");
    }

    private static boolean nodeIsAvailable() {
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for node", e);
        }
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
