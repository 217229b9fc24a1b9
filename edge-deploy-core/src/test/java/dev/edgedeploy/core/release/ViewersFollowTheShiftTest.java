package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import dev.edgedeploy.sandbox.edge.ViewerPanel;
import dev.edgedeploy.sandbox.edge.ViewerSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * What viewers get while a release shifts traffic (issue 4): 1,000 simulated viewers ({@link ViewerPanel}, seeded
 * addresses) spread over four edge locations in four regions ask the sandbox's edge front for the entry, whose
 * answer names the build ({@code edge-deploy-build}). Everything is real but the clock's scale: CodeDeploy shifts the
 * alias on a 120× clock, the edge runtime runs in Lambda@Edge workers and learns the weights with its probe, on
 * wall-clock time, with T = {@value #REFRESH_SECONDS} s and an alias cache of {@value #ALIAS_CACHE_SECONDS} s.
 *
 * <p><b>Timing.</b> An edge container learns an alias change within {@link #LEARNED}: its longest jittered refresh
 * interval (1.2 T), plus the regional alias cache (the answer may be that old), plus one probe (about 10 ms on
 * loopback) with 1.5 s of slack for a busy, shared 2-core machine, where Node workers and the sandbox wait for the
 * CPU. Nothing asserts how fast a round of 1,000 requests runs: a test samples round after round and counts rounds,
 * looking at the rounds begun once {@link #LEARNED} has passed since the alias changed, and a step is held (see
 * {@link HeldShift}) until that look is done, so a slow machine makes the test slower, not red.
 */
class ViewersFollowTheShiftTest {

    static final int REFRESH_SECONDS = 1;
    static final int ALIAS_CACHE_SECONDS = 1;
    /** One probe (about 10 ms on loopback, a regional cold start included about 1 s) with room for a shared machine. */
    static final Duration PROBE = Duration.ofMillis(1500);
    /** 1.2 T + alias cache + one probe: the edge's bound. */
    static final Duration LEARNED = Duration.ofMillis(1200L * REFRESH_SECONDS + 1000L * ALIAS_CACHE_SECONDS)
            .plus(PROBE);
    private static final int MAX_ROUNDS = 100;

    @TempDir
    Path work;

    private ReleaseSandbox edge;
    private ViewerPanel viewers;
    private ExecutorService background;

    /** What the viewers got once the edge had time to learn the alias, and the rounds that led there. */
    private record Learned(AliasState alias, ViewerSample sample, List<ViewerSample> rounds) {
    }

    @BeforeEach
    void start() {
        edge = new ReleaseSandbox(work);
        viewers = edge.viewerPanel(1000);
        background = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        edge.close();
    }

    @Test
    void everyStepOfALinearShiftReachesTheShareOfViewersTheAliasWeighsAndNoViewerGoesBack() throws Exception {
        ReleaseSettings settings = settings().build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        // a first release goes all at once: its bundle has no blue
        assertThat(viewers.sample().allOn("b1")).isTrue();
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        List<ViewerSample> rounds = new ArrayList<>();
        try (HeldShift shift = hold(s -> !s.rollback() && s.targetPercent() < 100)) {
            Future<ReleaseReport> release = background.submit(() -> edge.release(b2, settings,
                    EdgeRuntimeFiles.fromClasspath(), warmOnceDeployed()));
            ViewersFollowTheAlias follows = new ViewersFollowTheAlias("2", "b2", "b1");
            for (int percent = 10; percent < 100; percent += 10) {
                HeldShift.Step step = shift.next();
                assertThat(step.shift().targetPercent()).isEqualTo(percent);
                Learned learned = sampleOnceLearned(step.at());
                rounds.addAll(learned.rounds());
                double green = follows.check(learned.alias(), learned.sample());
                report("step " + percent + " %", step.at(), learned, green);
                shift.proceed();
            }
            assertThat(release.get(2, TimeUnit.MINUTES).outcome()).isEqualTo(ReleaseReport.Outcome.SHIFTED);
            HeldShift.Step end = shift.nextWhere(s -> s.targetPercent() == 100);
            Learned learned = sampleOnceLearned(end.at());
            rounds.addAll(learned.rounds());
            report("step 100 %", end.at(), learned, follows.check(learned.alias(), learned.sample()));
            assertThat(learned.alias()).isEqualTo(new AliasState("2", null, 0));
            assertThat(learned.sample().allOn("b2")).isTrue();
        }
        // the regional answers shared their GetAlias cache through the primary bucket, signed as the function's role
        JsonNode shared = new ObjectMapper().readTree(edge.clients.s3("us-east-1").getObjectAsBytes(b -> b
                .bucket(edge.target.primary().bucket()).key("_edge-deploy/weights/" + ReleaseSandbox.FUNCTION
                        + "-live.json")).asByteArray());
        assertThat(shared.at("/state/functionVersion").asText()).isEqualTo("2");
        // sticky through every round of the shift, not only the rounds checked at each step
        for (int i = 1; i < rounds.size(); i++) {
            assertThat(rounds.get(i).leftSince(rounds.get(i - 1), "b2")).as("viewers back on blue in round %d", i)
                    .isEmpty();
        }
    }

    @Test
    void anAlarmMidShiftFailsTheReleaseNamingItAndEveryViewerIsBackOnBlueWithinTheProbeBound() throws Exception {
        edge.sandbox.cloudWatch().automaticEvaluation(false);
        edge.clients.cloudWatch().putMetricAlarm(r -> r.alarmName("widget-errors").namespace("Widget")
                .metricName("Errors").statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors").stateValue(StateValue.OK)
                .stateReason("test"));
        ReleaseSettings settings = settings().alarms(List.of("widget-errors")).build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        try (HeldShift shift = hold(s -> !s.rollback() && s.targetPercent() == 30)) {
            Future<ReleaseReport> release = background.submit(() -> edge.release(b2, settings,
                    EdgeRuntimeFiles.fromClasspath(), warmOnceDeployed()));
            HeldShift.Step thirty = shift.nextWhere(s -> s.targetPercent() == 30);
            Learned learned = sampleOnceLearned(thirty.at());
            double green = new ViewersFollowTheAlias("2", "b2", "b1").check(learned.alias(), learned.sample());
            report("step 30 %", thirty.at(), learned, green);

            edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors").stateValue(StateValue.ALARM)
                    .stateReason("errors at 30 %"));
            shift.proceed();
            HeldShift.Step back = shift.nextWhere(TrafficShift::rollback);
            convergeOn("b1", back.at(), "alarm rollback");

            assertThatThrownBy(() -> release.get(2, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("alarm widget-errors").hasMessageContaining("back on version 1");
            assertThat(alias()).isEqualTo(new AliasState("1", null, 0));
        }
    }

    @Test
    void aRollbackAfterASuccessfulShiftPutsEveryViewerBackOnBlueWithoutUpdatingCloudFront() throws Exception {
        ReleaseSettings settings = settings().build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        try (HeldShift shift = hold(s -> false)) {
            edge.release(edge.committedBuild("b2", "two"), settings, EdgeRuntimeFiles.fromClasspath(),
                    warmOnceDeployed());
            convergeOn("b2", shift.nextWhere(s -> s.targetPercent() == 100).at(), "end of the shift");
        }
        long updates = edge.sandbox.cloudFront().traffic().count("UpdateDistribution");
        AtomicReference<Instant> aliasBack = new AtomicReference<>();
        AtomicReference<String> said = new AtomicReference<>();
        CountDownLatch moved = new CountDownLatch(1);
        DeployListener watch = event -> {
            // the journal reports the alias update right after UpdateAlias answered
            if (event.message().contains("back to version 1")) {
                aliasBack.set(Instant.now());
                said.set(event.message());
                moved.countDown();
            }
        };

        Future<RollbackReport> rollback = background.submit(() -> new EdgeRollback(edge.clients,
                EdgeRuntimeFiles.fromClasspath()).rollback(RollbackRequest.back(edge.target, settings), watch));

        assertThat(moved.await(60, TimeUnit.SECONDS)).as("the rollback moved the alias").isTrue();
        convergeOn("b1", aliasBack.get(), "rollback");
        RollbackReport report = rollback.get(1, TimeUnit.MINUTES);
        assertThat(report.kind()).isEqualTo(RollbackReport.Kind.ALIAS_RESTORED);
        assertThat(report.distributionUpdated()).isFalse();
        assertThat(edge.sandbox.cloudFront().traffic().count("UpdateDistribution")).isEqualTo(updates);
        // what the rollback promises the user is the bound just checked: ceil(1.2 T + cache) + 1 s
        assertThat(said.get()).contains("serves build b1 within 4 s");
        assertThat(LEARNED).isLessThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theCheckRejectsAnEdgeThatIgnoresTheWeightsAsTheReferenceStackDoes() throws Exception {
        ReleaseSettings settings = settings().build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        try (HeldShift shift = hold(s -> !s.rollback() && s.targetPercent() == 10)) {
            Future<ReleaseReport> release = background.submit(() -> edge.release(b2, settings,
                    edgeIgnoringTheWeights(), DeployListener.NONE));
            HeldShift.Step ten = shift.nextWhere(s -> s.targetPercent() == 10);
            Learned learned = sampleOnceLearned(ten.at());

            // the reference stack's picture: CloudFront on version 2, the alias at 10 %, every viewer on build 2
            String version2 = edge.clients.lambda().getFunctionConfiguration(r -> r.functionName(
                    ReleaseSandbox.FUNCTION).qualifier("2")).functionArn();
            assertThat(DistributionAssociation.running(edge.clients.cloudFront().getDistributionConfig(r -> r.id(
                    edge.distributionId)).distributionConfig(), settings).values()).containsOnly(version2);
            assertThat(learned.alias()).isEqualTo(new AliasState("1", "2", 0.1));
            assertThat(learned.sample().allOn("b2")).isTrue();
            assertThatThrownBy(() -> new ViewersFollowTheAlias("2", "b2", "b1").check(learned.alias(),
                    learned.sample()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("share of viewers on green build b2 with the alias at version 1 with 10 %"
                            + " on version 2")
                    .hasMessageContaining("1.0");
            shift.proceed();
            assertThat(release.get(2, TimeUnit.MINUTES).outcome()).isEqualTo(ReleaseReport.Outcome.SHIFTED);
        }
    }

    /**
     * Once CloudFront runs the new version, before any traffic moves, keeps the viewers asking until every edge
     * location's container of it has started and its first probe has answered (as traffic keeps containers warm on
     * AWS): a cold container knows no weights and serves blue until its first probe answers, a start-up the
     * steady-state bound {@link #LEARNED} is not about. Runs on the release's thread, which waits for it.
     */
    private DeployListener warmOnceDeployed() {
        return event -> {
            if (event.message().contains(" Deployed after ")) {
                try {
                    // every container has answered once by the end of the first round: its first probe is under way
                    Instant warmBy = viewers.sample().finishedAt().plus(PROBE);
                    ViewerSample round;
                    do {
                        round = viewers.sample();
                    } while (round.startedAt().isBefore(warmBy));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private ReleaseSettings.Builder settings() {
        return edge.settings().refreshSeconds(REFRESH_SECONDS).aliasCacheSeconds(ALIAS_CACHE_SECONDS)
                .shiftTimeout(Duration.ofMinutes(3));
    }

    private HeldShift hold(Predicate<TrafficShift> steps) {
        HeldShift shift = new HeldShift(steps);
        edge.sandbox.codeDeploy().addListener(shift);
        return shift;
    }

    private AliasState alias() {
        return AliasState.of(edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION)
                .name(ReleaseSettings.DEFAULT_ALIAS)));
    }

    /**
     * Samples round after round from {@code since} (the alias just changed) until a round begins {@link #LEARNED}
     * later with the alias the same before and after it: a step that changed while sampling is sampled again.
     */
    private Learned sampleOnceLearned(Instant since) throws InterruptedException {
        Instant learnedBy = since.plus(LEARNED);
        List<ViewerSample> rounds = new ArrayList<>();
        while (rounds.size() < MAX_ROUNDS) {
            AliasState before = alias();
            ViewerSample sample = viewers.sample();
            AliasState after = alias();
            rounds.add(sample);
            if (!sample.startedAt().isBefore(learnedBy) && before.equals(after)) {
                return new Learned(before, sample, rounds);
            }
        }
        throw new AssertionError("the alias never stood still for a round in " + MAX_ROUNDS + " rounds");
    }

    /**
     * Samples from {@code since} (the alias just changed) until two rounds have begun {@link #LEARNED} later, and
     * asserts that every such round has every viewer on {@code build}.
     */
    private void convergeOn(String build, Instant since, String what) throws InterruptedException {
        Instant learnedBy = since.plus(LEARNED);
        List<ViewerSample> rounds = new ArrayList<>();
        int afterBound = 0;
        while (afterBound < 2) {
            ViewerSample sample = viewers.sample();
            rounds.add(sample);
            if (!sample.startedAt().isBefore(learnedBy)) {
                afterBound++;
                assertThat(sample.allOn(build)).as("every viewer on %s in round %d, begun %d ms after the %s moved"
                        + " the alias (%s)", build, rounds.size(), millisBetween(since, sample.startedAt()), what,
                        sample).isTrue();
            }
        }
        int firstAllOn = rounds.size();
        while (firstAllOn > 0 && rounds.get(firstAllOn - 1).allOn(build)) {
            firstAllOn--;
        }
        Instant lastOff = rounds.stream().flatMap(round -> round.answers().stream())
                .filter(answer -> !answer.on(build)).map(ViewerSample.Answer::answeredAt).max(Instant::compareTo)
                .orElse(since);
        System.out.printf("%s: every viewer on %s; last answer off it %d ms after the alias moved, first round all on"
                + " it began at %d ms (round %d of %d; bound %d ms); first round: %s%n", what, build,
                millisBetween(since, lastOff), millisBetween(since, rounds.get(firstAllOn).startedAt()),
                firstAllOn + 1, rounds.size(), LEARNED.toMillis(), rounds.get(0));
    }

    /** Prints a step's figures: the share, and the first round that already had it (how soon the edge learned). */
    private static void report(String step, Instant since, Learned learned, double green) {
        ViewerSample first = learned.rounds().stream()
                .filter(round -> Math.abs(round.share("b2") - green) < 0.0005).findFirst().orElseThrow();
        System.out.printf("%s: alias %s, green share %.3f of %d viewers; the first round with that share began %d ms"
                + " after the shift (%d rounds, bound %d ms)%n", step, learned.alias(), green, learned.sample().size(),
                millisBetween(since, first.startedAt()), learned.rounds().size(), LEARNED.toMillis());
    }

    private static long millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    /**
     * The reference stack's edge (ARCHITECTURE.md §2): CloudFront runs the new version, whose code serves its own
     * build whatever the alias says. Here: the product's runtime with the bundle's release section dropped when the
     * handler loads (what a bundle without one does: always green, no probe).
     */
    /**
     * The runtime's unbundled modules (edge-runtime's src/, beside this module: the shipped bundle exports only the
     * handler), with an index.mjs that drops the release section, so the edge never learns the weights.
     */
    private static EdgeRuntimeFiles edgeIgnoringTheWeights() throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> sources = Files.list(Path.of("..", "edge-runtime", "src"))) {
            for (Path source : sources.toList()) {
                files.put(source.getFileName().toString(), Files.readAllBytes(source));
            }
        }
        files.put(EdgeRuntimeFiles.HANDLER_FILE, """
                import { readFileSync } from 'node:fs';
                import { createHandler } from './origin-request.mjs';

                const { release, ...config } = JSON.parse(readFileSync(new URL('./edge-config.json', import.meta.url),
                  'utf8'));
                export const handler = createHandler(config);
                """.getBytes(StandardCharsets.UTF_8));
        return new EdgeRuntimeFiles(files);
    }
}
