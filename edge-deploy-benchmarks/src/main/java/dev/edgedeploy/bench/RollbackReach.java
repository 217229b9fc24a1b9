package dev.edgedeploy.bench;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.bootstrap.DistributionBootstrap;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.BuildPackager;
import dev.edgedeploy.core.packaging.PackageRequest;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.release.EdgeRelease;
import dev.edgedeploy.core.release.EdgeRollback;
import dev.edgedeploy.core.release.ReleaseRequest;
import dev.edgedeploy.core.release.ReleaseSettings;
import dev.edgedeploy.core.release.RollbackReport;
import dev.edgedeploy.core.release.RollbackRequest;
import dev.edgedeploy.core.release.ShiftSchedule;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.SandboxEndpoints;
import dev.edgedeploy.sandbox.edge.EdgeFront;
import dev.edgedeploy.sandbox.edge.ViewerPanel;
import dev.edgedeploy.sandbox.edge.ViewerSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociations;

/**
 * P8 (issue 5): from a rollback call to every viewer back on the previous build, measured with 1,000 simulated
 * viewers ({@link ViewerPanel}) over four edge locations of the sandbox's edge front, against the seed's only path.
 *
 * <ul>
 * <li><b>edge-deploy</b>: builds b1 then b2 released (b2 live: CloudFront runs version 2, whose bundle carries b1 as
 * blue; the alias on version 2), every viewer on b2 and the containers warm; then {@link EdgeRollback} moves the
 * alias back to version 1 and CloudFront is not touched: each container serves blue once its weights probe (every
 * T s, jittered ±20 %, through the regional alias cache) sees the alias. The edge runtime runs on wall-clock time
 * in Node workers, as on AWS, so these figures need no scaling.</li>
 * <li><b>seed</b> (the reference stack): the same two releases, then the only rollback it has: CloudFront's
 * behaviors pointed back at version 1 (UpdateDistribution) and propagated. The sandbox's CloudFront propagates a
 * change over a configured delay (its edge locations switch at staggered instants, all before Deployed), on the
 * sandbox clock, which runs {@value #SCALE}× faster; these figures are given in sandbox time, i.e. what the same
 * change takes on AWS if AWS propagates it in the configured delay.</li>
 * </ul>
 * Each round runs every variant on its own fresh sandbox; medians over the rounds.
 */
final class RollbackReach {

    private static final String FUNCTION = "bench-widget";
    private static final String ROLE = "arn:aws:iam::123456789012:role/bench-widget";
    private static final String CODEDEPLOY_ROLE = "arn:aws:iam::123456789012:role/codedeploy";
    private static final Instant OUTPUT_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");
    /** The sandbox clock's speed: a CloudFront propagation of 15 min takes 15 s. */
    static final double SCALE = 60;
    /** The propagation of the set-up releases (sandbox time): short, it is not what is measured. */
    private static final Duration SET_UP_PROPAGATION = Duration.ofMinutes(1);
    private static final int ALIAS_CACHE_SECONDS = 2;
    /** One weights probe, generously: measured at about 10 ms on loopback (Invoke, regional handler, GetAlias). */
    private static final int PROBE_MILLIS = 500;
    private static final Map<String, String> LOCATIONS = Map.of("FRA56-P5", "eu-central-1",
            "NRT57-P2", "ap-northeast-1", "GRU3-C1", "sa-east-1");

    private final Path work;
    private final int runs;
    private final List<Integer> refreshSeconds;
    private final Duration seedPropagation;
    private final int viewers;
    private final Consumer<String> line;
    private int stages;

    /**
     * @param refreshSeconds the values of T to measure edge-deploy with
     * @param seedPropagation how long CloudFront takes to propagate the seed's rollback (sandbox time)
     * @param line where the report's lines go
     */
    RollbackReach(Path work, int runs, List<Integer> refreshSeconds, Duration seedPropagation, int viewers,
            Consumer<String> line) {
        this.work = work;
        this.runs = runs;
        this.refreshSeconds = List.copyOf(refreshSeconds);
        this.seedPropagation = seedPropagation;
        this.viewers = viewers;
        this.line = line;
    }

    /** One rollback: when the alias moved, and when every viewer was on blue, from the call. */
    private record Reach(double aliasMoved, double lastOff, double firstAllOnRound, long distributionUpdates,
            double deployed) {
    }

    private static final class Figures {
        final Samples aliasMoved = new Samples();
        final Samples lastOff = new Samples();
        final Samples firstAllOnRound = new Samples();
        final Samples deployed = new Samples();
        final Samples updates = new Samples();

        void add(Reach reach) {
            aliasMoved.add(reach.aliasMoved());
            lastOff.add(reach.lastOff());
            firstAllOnRound.add(reach.firstAllOnRound());
            deployed.add(reach.deployed());
            updates.add(reach.distributionUpdates());
        }
    }

    void run() throws Exception {
        Map<Integer, Figures> ours = new LinkedHashMap<>();
        refreshSeconds.forEach(t -> ours.put(t, new Figures()));
        Figures seed = new Figures();
        for (int run = 1; run <= runs; run++) {
            for (int t : refreshSeconds) {
                progress("P8 edge-deploy T=" + t + " s, run " + run + "/" + runs);
                ours.get(t).add(ours(t));
            }
            progress("P8 seed, propagation " + seedPropagation + ", run " + run + "/" + runs);
            seed.add(seed());
        }
        report(ours, seed);
    }

    private Reach ours(int refresh) throws Exception {
        try (Stage stage = new Stage(refresh)) {
            long updates = stage.sandbox.cloudFront().traffic().count("UpdateDistribution");
            AtomicReference<Instant> moved = new AtomicReference<>();
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                Instant call = Instant.now();
                Future<RollbackReport> rollback = background.submit(() -> new EdgeRollback(stage.clients,
                        EdgeRuntimeFiles.fromClasspath()).rollback(RollbackRequest.back(stage.target, stage.settings),
                        event -> {
                            // the journal reports the alias update as soon as UpdateAlias answered
                            if (event.message().contains(" back to version ")) {
                                moved.compareAndSet(null, Instant.now());
                            }
                        }));
                Reached reached = reach(stage.panel, "b1", call, Duration.ofMinutes(2));
                RollbackReport report = rollback.get(1, TimeUnit.MINUTES);
                if (report.kind() != RollbackReport.Kind.ALIAS_RESTORED || moved.get() == null) {
                    throw new IllegalStateException("the rollback did not move the alias back: " + report);
                }
                return new Reach(seconds(call, moved.get()), seconds(call, reached.lastOff()),
                        seconds(call, reached.firstAllOnRound()),
                        stage.sandbox.cloudFront().traffic().count("UpdateDistribution") - updates, Double.NaN);
            } finally {
                background.shutdownNow();
            }
        }
    }

    private Reach seed() throws Exception {
        // T only speeds up the set-up's first look at b2: the seed's rollback never asks the alias
        try (Stage stage = new Stage(1)) {
            stage.sandbox.cloudFront().propagationDelay(seedPropagation);
            long updates = stage.sandbox.cloudFront().traffic().count("UpdateDistribution");
            Instant call = Instant.now();
            pointBehaviors(stage.clients.cloudFront(), stage.distributionId, stage.version2Arn, stage.version1Arn);
            Duration limit = scaledDown(seedPropagation).plusMinutes(2);
            Reached reached = reach(stage.panel, "b1", call, limit);
            Instant deployed = awaitDeployed(stage.clients.cloudFront(), stage.distributionId, call.plus(limit));
            return new Reach(Double.NaN, seconds(call, reached.lastOff()) * SCALE,
                    seconds(call, reached.firstAllOnRound()) * SCALE,
                    stage.sandbox.cloudFront().traffic().count("UpdateDistribution") - updates,
                    seconds(call, deployed) * SCALE);
        }
    }

    /** When every viewer was on {@code build}: the last answer that was not, and the first round that was all on it. */
    private record Reached(Instant lastOff, Instant firstAllOnRound) {
    }

    /** Samples round after round from {@code since} until two rounds in a row have every viewer on {@code build}. */
    private static Reached reach(ViewerPanel panel, String build, Instant since, Duration limit)
            throws InterruptedException {
        Instant deadline = since.plus(limit);
        Instant lastOff = since;
        Instant streakStart = null;
        int streak = 0;
        while (streak < 2) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("viewers not all on " + build + " within " + limit);
            }
            ViewerSample round = panel.sample();
            for (ViewerSample.Answer answer : round.answers()) {
                if (!answer.on(build) && answer.answeredAt().isAfter(lastOff)) {
                    lastOff = answer.answeredAt();
                }
            }
            if (round.allOn(build)) {
                streakStart = streak == 0 ? round.startedAt() : streakStart;
                streak++;
            } else {
                streak = 0;
            }
        }
        return new Reached(lastOff, streakStart);
    }

    /** The seed's rollback: every origin-request association of {@code from} now runs {@code to}. */
    private static void pointBehaviors(CloudFrontClient cloudFront, String id, String from, String to) {
        GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(id));
        DistributionConfig config = current.distributionConfig();
        List<CacheBehavior> behaviors = config.cacheBehaviors().items().stream()
                .map(b -> b.toBuilder().lambdaFunctionAssociations(repointed(b.lambdaFunctionAssociations(), from,
                        to)).build())
                .toList();
        DistributionConfig changed = config.toBuilder()
                .cacheBehaviors(config.cacheBehaviors().toBuilder().items(behaviors).build())
                .defaultCacheBehavior(config.defaultCacheBehavior().toBuilder().lambdaFunctionAssociations(repointed(
                        config.defaultCacheBehavior().lambdaFunctionAssociations(), from, to)).build())
                .build();
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(current.eTag()).distributionConfig(changed));
    }

    private static LambdaFunctionAssociations repointed(LambdaFunctionAssociations associations, String from,
            String to) {
        if (associations == null || !associations.hasItems()) {
            return associations;
        }
        return associations.toBuilder().items(associations.items().stream()
                .map(a -> a.lambdaFunctionARN().equals(from) ? a.toBuilder().lambdaFunctionARN(to).build() : a)
                .toList()).build();
    }

    private static Instant awaitDeployed(CloudFrontClient cloudFront, String id, Instant deadline)
            throws InterruptedException {
        while (!"Deployed".equals(cloudFront.getDistribution(r -> r.id(id)).distribution().status())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("distribution " + id + " not Deployed by " + deadline);
            }
            Thread.sleep(50);
        }
        return Instant.now();
    }

    /**
     * A fresh sandbox with b1 and b2 released (b2 live) and every viewer of the panel seen on b2 twice in a row
     * (the containers warm and knowing the alias).
     */
    private final class Stage implements AutoCloseable {

        final EdgeSandbox sandbox;
        final AwsClients clients;
        final DeployTarget target;
        final String distributionId;
        final ReleaseSettings settings;
        final ViewerPanel panel;
        final String version1Arn;
        final String version2Arn;

        Stage(int refreshSeconds) throws Exception {
            Path dir = work.resolve("p8-" + ++stages);
            Benchmarks.deleteRecursively(dir);
            sandbox = EdgeSandbox.builder().stateDirectory(dir.resolve("sandbox"))
                    .region("us-east-1", "bench-edge-us-east-1")
                    .timeScale(SCALE)
                    .cloudFrontPropagationDelay(SET_UP_PROPAGATION)
                    .lambdaConcurrencyLimit(16)
                    .start();
            try {
                SandboxEndpoints endpoints = sandbox.endpoints();
                clients = new AwsClients(AwsSettings.defaults()
                        .withEndpoints(ServiceEndpoints.of(endpoints.s3(), endpoints.lambda(),
                                endpoints.cloudFront(), endpoints.codeDeploy(), endpoints.cloudWatch()))
                        .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID,
                                EdgeSandbox.SECRET_ACCESS_KEY)));
                target = new DeployTarget(new BucketTarget("us-east-1", sandbox.bucket("us-east-1")), List.of());
                distributionId = new DistributionBootstrap(clients.cloudFront()).ensure(FUNCTION, target.primary(),
                        DeployListener.NONE);
                settings = ReleaseSettings.builder(FUNCTION, distributionId)
                        .functionRoleArn(ROLE)
                        .codeDeployRoleArn(CODEDEPLOY_ROLE)
                        .schedule(ShiftSchedule.predefined("LambdaAllAtOnce"))
                        .lambdaEndpoint(endpoints.lambda().toString())
                        .refreshSeconds(refreshSeconds)
                        .aliasCacheSeconds(ALIAS_CACHE_SECONDS)
                        .pollInterval(Duration.ofMillis(100))
                        .distributionTimeout(Duration.ofMinutes(2))
                        .shiftTimeout(Duration.ofMinutes(2))
                        .build();
                version1Arn = release(dir, "b1", "one").versionArn();
                version2Arn = release(dir, "b2", "two").versionArn();
                EdgeFront front = sandbox.edgeFront();
                LOCATIONS.forEach(front::edgeLocation);
                panel = ViewerPanel.builder(front, distributionId).viewers(viewers).build();
                reach(panel, "b2", Instant.now(), Duration.ofMinutes(2));
            } catch (Exception | Error e) {
                sandbox.close();
                throw e;
            }
        }

        private dev.edgedeploy.core.release.ReleaseReport release(Path dir, String buildId, String text)
                throws IOException {
            Path dist = dir.resolve("dist-" + buildId);
            Files.createDirectories(dist);
            Files.writeString(dist.resolve("index.js"), "(function(){console.log('" + text + "');})();\n",
                    StandardCharsets.UTF_8);
            Files.writeString(dist.resolve("chunk-" + buildId + ".js"), "export const build = '" + buildId + "';\n",
                    StandardCharsets.UTF_8);
            Path output = dir.resolve("target");
            PackagedBuild build = new BuildPackager(EdgeRuntimeFiles.fromClasspath()).packageBuild(new PackageRequest(
                    BuildId.of(buildId), dist, null, output, CompressionSettings.defaults(dir.resolve("cache")),
                    Map.of(), null, OUTPUT_TIMESTAMP, "cdn.example.com", target, null, null), DeployListener.NONE);
            new ReplicatedUploader(clients).upload(build, target, DeployListener.NONE);
            return new EdgeRelease(clients, EdgeRuntimeFiles.fromClasspath()).release(new ReleaseRequest(build,
                    target.primary(), settings, OUTPUT_TIMESTAMP, output, null), DeployListener.NONE);
        }

        @Override
        public void close() {
            try {
                clients.close();
            } finally {
                sandbox.close();
            }
        }
    }

    private void report(Map<Integer, Figures> ours, Figures seed) {
        line.accept("## P8: rollback → every viewer on the previous build");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%,d viewers (seeded public addresses) over 4 edge locations (IAD,"
                + " FRA, NRT, GRU), each asking for the entry again and again (one request in flight per location,"
                + " a round of all viewers every few hundred ms); b1 and b2 released, every viewer on b2, then the"
                + " rollback. \"Every viewer on b1\" = the last answer that was not b1 (after it, every answer was;"
                + " the first round entirely on b1 began at most one round later, in brackets). Seconds, median"
                + " (runs). Alias cache %d s.", viewers, ALIAS_CACHE_SECONDS));
        line.accept("");
        line.accept("| path | rollback call → alias moved | alias moved → every viewer on b1 | rollback call → every"
                + " viewer on b1 [first round all on b1] | UpdateDistribution calls | runs within T + probe ("
                + PROBE_MILLIS + " ms) of the call | design bound 1.2 T + cache + probe |");
        line.accept("|---|---|---|---|---|---|---|");
        for (Map.Entry<Integer, Figures> entry : ours.entrySet()) {
            int t = entry.getKey();
            Figures f = entry.getValue();
            Samples afterAlias = new Samples();
            int met = 0;
            for (int i = 0; i < f.lastOff.size(); i++) {
                afterAlias.add(f.lastOff.get(i) - f.aliasMoved.get(i));
                met += f.lastOff.get(i) <= t + PROBE_MILLIS / 1000.0 ? 1 : 0;
            }
            line.accept(String.format(Locale.ROOT, "| edge-deploy rollback, T = %d s | %s | %s | %s [%s] | %s |"
                    + " %d of %d | %.1f s |", t, f.aliasMoved.describe("%.2f"), afterAlias.describe("%.1f"),
                    f.lastOff.describe("%.1f"), f.firstAllOnRound.describe("%.1f"), f.updates.describe("%.0f"), met,
                    f.lastOff.size(), 1.2 * t + ALIAS_CACHE_SECONDS + PROBE_MILLIS / 1000.0));
        }
        line.accept(String.format(Locale.ROOT, "| seed: CloudFront → version 1, propagation %d min (sandbox time) |"
                + " — | — | %s [%s]; Deployed %s | %s | — | — |", seedPropagation.toMinutes(),
                seed.lastOff.describe("%.0f"), seed.firstAllOnRound.describe("%.0f"), seed.deployed.describe("%.0f"),
                seed.updates.describe("%.0f")));
        line.accept("");
        for (Map.Entry<Integer, Figures> entry : ours.entrySet()) {
            line.accept(String.format(Locale.ROOT, "Seed ÷ edge-deploy (T = %d s), call → every viewer on the"
                    + " previous build: %.0f× in the sandbox (%d min propagation).", entry.getKey(),
                    seed.lastOff.median() / entry.getValue().lastOff.median(), seedPropagation.toMinutes()));
        }
        line.accept("");
    }

    private static Duration scaledDown(Duration sandboxTime) {
        return Duration.ofMillis(Math.round(sandboxTime.toMillis() / SCALE));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static void progress(String what) {
        System.out.printf(Locale.ROOT, "[%s] %s%n", Instant.now(), what);
    }
}
