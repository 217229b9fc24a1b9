package dev.edgedeploy.maven.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.edgedeploy.core.release.ClientErrorAlarm;
import dev.edgedeploy.maven.HostPage;
import dev.edgedeploy.maven.PropertyNames;
import dev.edgedeploy.maven.browser.BrowserViewer;
import dev.edgedeploy.maven.browser.HeadlessChromium;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.cloudfront.DistributionSnapshot;
import dev.edgedeploy.sandbox.codedeploy.DeploymentListener;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;

/**
 * The example widget end to end (ARCHITECTURE.md §6, layer 6): real {@code mvn deploy} runs of a copy of
 * {@code examples/widget} release three builds into a sandbox running in this JVM, while headless Chromium viewers
 * (each its own client IP) load the widget from a host page on another origin through the sandbox edge front.
 *
 * <p>Timing: the sandbox runs {@value #TIME_SCALE} times faster than real time (a CodeDeploy minute is ten real
 * seconds); the edge containers learn the alias weights every T = {@value #REFRESH_SECONDS} real seconds (the
 * release's {@code refreshSeconds}, its default, given explicitly; ±20 % jitter, plus a 2 s alias cache). Every wait is bounded generously
 * and fails naming what it waited for; no assertion is about how long something took.
 *
 * <p>Stages, in order (a stage runs only if the previous one passed): build 1 renders for every viewer from its own
 * {@code /assets/<build 1>/}; build 2 goes out as a 50 % canary: exactly the viewers the edge's stickiness puts in
 * the green half render it, nobody else, each keeps it across reloads, then everyone has it; build 3 throws on
 * load: its viewers' error beacons fire the release's client error alarm, CodeDeploy rolls back, every viewer
 * renders build 2 again, and the Maven build of build 3 fails naming the alarm. A screenshot of each stage is saved
 * under {@code target/e2e/screenshots/} and published to the test report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WidgetEndToEndIT {

    static final double TIME_SCALE = 6;
    static final int REFRESH_SECONDS = 10;
    /** Its own ports: the edge bundles remember the Lambda endpoint, and no other sandbox on the machine uses them. */
    static final int BASE_PORT = 4930;
    static final String FUNCTION_NAME = "widget";
    static final String BUILD_1 = "e2e-build-1";
    static final String BUILD_2 = "e2e-build-2";
    static final String BUILD_3 = "e2e-build-3";
    /** The canary share of builds 2 and 3, and how long (sandbox minutes) it holds before everything moves. */
    static final int CANARY_PERCENT = 50;
    static final int CANARY_MINUTES_BUILD_2 = 3;
    static final int CANARY_MINUTES_BUILD_3 = 10;
    /** Client errors per (sandbox) minute that fire the alarm on build 3; its viewers report one per page load. */
    static final int CLIENT_ERROR_THRESHOLD = 3;
    static final int VIEWERS = 6;

    private static final String NOTHING_FROM = "nothing, from ";
    private static final Duration MAVEN_BOUND = Duration.ofMinutes(6);
    private static final Duration PAGE_BOUND = Duration.ofSeconds(45);
    /** How long every viewer may take to follow a finished shift or a rollback: many times T on a busy machine. */
    private static final Duration FOLLOW_BOUND = Duration.ofSeconds(REFRESH_SECONDS * 9L);

    private final Path work = Path.of(property("e2e.workDirectory"));
    private final Path widget = work.resolve("widget");
    private final Path screenshots = work.resolve("screenshots");
    private final List<TrafficShift> shifts = new CopyOnWriteArrayList<>();
    private final Map<TrafficShift, Instant> shiftSeenAt = new LinkedHashMap<>();
    private final List<BrowserViewer> viewers = new ArrayList<>();
    private EdgeSandbox sandbox;
    private HeadlessChromium chromium;
    private HostPage hostPage;
    private Path settings;
    private URI edgeFront;
    private boolean previousStagePassed = true;

    @BeforeAll
    void startSandboxAndBrowser() throws Exception {
        deleteRecursively(work);
        copyExample(Path.of(property("e2e.widgetExample")), widget);
        settings = interpolatedSettings();
        EdgeSandbox.Builder builder = EdgeSandbox.builder().stateDirectory(work.resolve("sandbox-state"))
                .basePort(BASE_PORT).timeScale(TIME_SCALE);
        // the buckets the plugin's sandbox target uses by default
        for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
            builder.region(region, "edge-deploy-" + region);
        }
        sandbox = builder.start();
        sandbox.codeDeploy().addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                synchronized (shiftSeenAt) {
                    shiftSeenAt.put(shift, Instant.now());
                }
                shifts.add(shift);
            }
        });
        chromium = HeadlessChromium.launch(work.resolve("chromium-profile"));
        for (String ip : viewerIps()) {
            viewers.add(chromium.viewer(ip));
        }
    }

    @AfterAll
    void stop() {
        try (EdgeSandbox stopSandbox = sandbox; HeadlessChromium stopBrowser = chromium; HostPage stopPage = hostPage) {
            // closed in reverse order
        }
    }

    @Test
    @Order(1)
    void build1RendersForEveryViewerFromItsOwnAssets(TestReporter report) throws Exception {
        stage(() -> {
            ConsumerBuild.Result deployed = deploy(BUILD_1, "none", List.of()).awaitExit(MAVEN_BOUND);
            assertThat(deployed.succeeded()).as("mvn deploy of build 1 failed:\n%s", deployed.tail()).isTrue();
            List<DistributionSnapshot> distributions = sandbox.cloudFront().distributions();
            assertThat(distributions).as("the first deploy bootstraps one distribution").hasSize(1);
            edgeFront = sandbox.edgeFront().endpoint(distributions.get(0).id());
            hostPage = HostPage.serve(widget.resolve("host"), edgeFront.resolve("/assets/index.js"));

            for (BrowserViewer viewer : viewers) {
                viewer.load(hostPage.url(), PAGE_BOUND);
                assertThat(viewer.renderedBuild(PAGE_BOUND)).as("%s", viewer).isEqualTo(BUILD_1);
                assertThat(viewer.widget().text()).as("%s: the widget's text names its build", viewer)
                        .contains(BUILD_1);
                assertThat(viewer.buildsFetchedFrom(edgeFront)).as("%s: chunks' builds", viewer)
                        .containsExactly(BUILD_1);
                assertThat(viewer.fetched()).as("%s: every file of the edge front was served", viewer)
                        .filteredOn(fetched -> fetched.url().startsWith(edgeFront.toString()))
                        .allMatch(fetched -> fetched.status() == 200);
            }
            screenshot(report, viewers.get(0), "1-build-1");
        });
    }

    @Test
    @Order(2)
    void build2ReachesExactlyTheCanaryViewersWhoKeepItThenEveryone(TestReporter report) throws Exception {
        stage(() -> {
            Set<String> canaryViewers = viewersInShare(BUILD_2, CANARY_PERCENT);
            int firstShift = shifts.size();
            ConsumerBuild build = deploy(BUILD_2, "none", List.of(
                    "-D" + PropertyNames.CANARY_PERCENTAGE + "=" + CANARY_PERCENT,
                    "-D" + PropertyNames.CANARY_INTERVAL + "=" + CANARY_MINUTES_BUILD_2));

            // the viewers are left alone while Maven builds (two cores): they start watching when the alias moves
            Instant canaryStarted = awaitShiftStart(firstShift, build);
            // as the weight goes 0 → 50 %: the canary set grows to exactly the viewers in the green half
            Map<String, String> seen = Map.of();
            Instant deadline = Instant.now().plus(MAVEN_BOUND);
            while (!seen.equals(expected(canaryViewers, BUILD_2, BUILD_1))) {
                if (!build.isRunning() || shiftFinished(firstShift) || Instant.now().isAfter(deadline)) {
                    fail("the viewers never showed build 2's canary (build 2 exactly for " + canaryViewers
                            + ") while it held; last seen: " + seen + "; alias changes: " + shiftsSince(firstShift)
                            + "; mvn: " + build.describe());
                }
                seen = renderedByViewer();
                if (!shiftFinished(firstShift)) {
                    Set<String> outsideOnBuild2 = seen.entrySet().stream()
                            .filter(viewer -> !canaryViewers.contains(viewer.getKey()))
                            .filter(viewer -> viewer.getValue().equals(BUILD_2)).map(Map.Entry::getKey)
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertThat(outsideOnBuild2).as("at %d %%, viewers outside the canary half %s that got build 2",
                            CANARY_PERCENT, canaryViewers).isEmpty();
                }
            }
            publish(report, "canaryReachedItsViewersAfter", Duration.between(canaryStarted, Instant.now())
                    .toMillis() + " ms (T = " + REFRESH_SECONDS + " s)");
            // the canary holds: each viewer keeps its build across reloads
            for (int reload = 0; reload < 2 && !shiftFinished(firstShift); reload++) {
                assertThat(renderedByViewer()).isEqualTo(seen);
            }
            screenshot(report, viewer(canaryViewers, true), "2-canary-viewer-build-2");
            screenshot(report, viewer(canaryViewers, false), "2-other-viewer-build-1");

            ConsumerBuild.Result deployed = build.awaitExit(MAVEN_BOUND);
            assertThat(deployed.succeeded()).as("mvn deploy of build 2 failed:\n%s", deployed.tail()).isTrue();
            awaitEveryViewer(BUILD_2, "the finished shift to build 2");
            screenshot(report, viewers.get(0), "2-everyone-build-2");
        });
    }

    @Test
    @Order(3)
    void build3ThatThrowsIsRolledBackByItsViewersBeacons(TestReporter report) throws Exception {
        stage(() -> {
            Set<String> canaryViewers = viewersInShare(BUILD_3, CANARY_PERCENT);
            int firstShift = shifts.size();
            ConsumerBuild build = deploy(BUILD_3, "throw-on-load", List.of(
                    "-D" + PropertyNames.CANARY_PERCENTAGE + "=" + CANARY_PERCENT,
                    "-D" + PropertyNames.CANARY_INTERVAL + "=" + CANARY_MINUTES_BUILD_3,
                    "-D" + PropertyNames.CLIENT_ERROR_THRESHOLD + "=" + CLIENT_ERROR_THRESHOLD));

            Instant canaryStarted = awaitShiftStart(firstShift, build);
            // the viewers keep reloading: the canary half meets the broken build and their beacons report it
            Set<String> metBuild3 = new TreeSet<>();
            boolean broken = false;
            Instant deadline = Instant.now().plus(MAVEN_BOUND);
            while (rollback(firstShift) == null) {
                if (!build.isRunning() || Instant.now().isAfter(deadline)) {
                    fail("build 3 was not rolled back; viewers that met it: " + metBuild3 + "; alias changes: "
                            + shiftsSince(firstShift) + "; mvn: " + build.describe());
                }
                for (BrowserViewer viewer : viewers) {
                    String shown = reloaded(viewer);
                    if (viewer.buildsFetchedFrom(edgeFront).contains(BUILD_3)) {
                        metBuild3.add(viewer.clientIp());
                        assertThat(shown).as("%s: build 3 renders nothing", viewer).startsWith(NOTHING_FROM);
                        if (!broken) {
                            screenshot(report, viewer, "3-canary-viewer-build-3-broken");
                            broken = true;
                        }
                    }
                }
            }
            Instant rolledBack = shiftSeenAt(rollback(firstShift));
            publish(report, "rolledBackAfterCanaryStart", Duration.between(canaryStarted, rolledBack).toMillis()
                    + " ms (client error threshold " + CLIENT_ERROR_THRESHOLD + " a sandbox minute of "
                    + 60 / TIME_SCALE + " s)");
            assertThat(metBuild3).as("only the canary half met build 3").isNotEmpty().isSubsetOf(canaryViewers);

            awaitEveryViewer(BUILD_2, "the rollback of build 3");
            Duration followed = Duration.between(rolledBack, Instant.now());
            publish(report, "rollbackReachedEveryViewerAfter", followed.toMillis() + " ms (T = "
                    + REFRESH_SECONDS + " s)");
            screenshot(report, viewer(canaryViewers, true), "3-after-rollback-build-2");

            ConsumerBuild.Result deployed = build.awaitExit(MAVEN_BOUND);
            assertThat(deployed.succeeded()).as("mvn deploy of build 3 must fail").isFalse();
            assertThat(deployed.output()).as("the failure names the alarm that rolled build 3 back")
                    .contains(new ClientErrorAlarm(FUNCTION_NAME, CLIENT_ERROR_THRESHOLD).name());
        });
    }

    /** Runs a stage only if the previous ones passed: a later stage cannot mean anything after a failed one. */
    private void stage(Stage stage) throws Exception {
        Assumptions.assumeTrue(previousStagePassed, "an earlier stage failed");
        previousStagePassed = false;
        stage.run();
        previousStagePassed = true;
    }

    private interface Stage {
        void run() throws Exception;
    }

    private ConsumerBuild deploy(String buildId, String fault, List<String> more) {
        List<String> arguments = new ArrayList<>(List.of("deploy",
                "-Dedge-deploy.version=" + property("e2e.pluginVersion"),
                "-D" + PropertyNames.SANDBOX_DIRECTORY + "=" + sandbox.stateDirectory(),
                "-D" + PropertyNames.BUILD_ID + "=" + buildId,
                "-D" + PropertyNames.REFRESH_SECONDS + "=" + REFRESH_SECONDS,
                "-Dwidget.fault=" + fault));
        arguments.addAll(more);
        return ConsumerBuild.start("deploy-" + buildId, Path.of(property("maven.home")), widget, settings,
                Path.of(property("e2e.localRepository")), arguments, work.resolve("logs"));
    }

    /** Waits (cheaply) until the stage's deployment first moves the alias; answers when this test saw it. */
    private Instant awaitShiftStart(int from, ConsumerBuild build) throws InterruptedException {
        Instant deadline = Instant.now().plus(MAVEN_BOUND);
        while (shiftsSince(from).isEmpty()) {
            if (!build.isRunning() || Instant.now().isAfter(deadline)) {
                fail("the deployment never moved the alias; mvn: " + build.describe());
            }
            Thread.sleep(200);
        }
        return shiftSeenAt(shiftsSince(from).get(0));
    }

    /** Reloads every viewer and answers what each shows, by client IP (see {@link #reloaded(BrowserViewer)}). */
    private Map<String, String> renderedByViewer() throws InterruptedException {
        Map<String, String> rendered = new LinkedHashMap<>();
        for (BrowserViewer viewer : viewers) {
            rendered.put(viewer.clientIp(), reloaded(viewer));
        }
        return rendered;
    }

    /**
     * Reloads a viewer and answers the build its widget renders, or, when it renders none (a build that throws),
     * {@code "nothing, from <builds its chunks came from>"}.
     */
    private String reloaded(BrowserViewer viewer) throws InterruptedException {
        viewer.reload(PAGE_BOUND);
        return viewer.settle(PAGE_BOUND).buildId()
                .orElseGet(() -> NOTHING_FROM + viewer.buildsFetchedFrom(edgeFront));
    }

    private void awaitEveryViewer(String buildId, String after) throws InterruptedException {
        Instant deadline = Instant.now().plus(FOLLOW_BOUND);
        Map<String, String> seen = Map.of();
        while (Instant.now().isBefore(deadline)) {
            seen = renderedByViewer();
            if (seen.values().stream().allMatch(buildId::equals)) {
                return;
            }
        }
        fail("after " + after + ", not every viewer rendered " + buildId + " within " + FOLLOW_BOUND.toSeconds()
                + " s (T = " + REFRESH_SECONDS + " s); last seen: " + seen + "; alias changes: " + shifts);
    }

    private static Map<String, String> expected(Set<String> green, String greenBuild, String blueBuild) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String ip : viewerIps()) {
            expected.put(ip, green.contains(ip) ? greenBuild : blueBuild);
        }
        return expected;
    }

    /** The alias changes since the stage's deployment started ({@code from}: how many there were before). */
    private List<TrafficShift> shiftsSince(int from) {
        List<TrafficShift> all = List.copyOf(shifts);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    private boolean shiftFinished(int from) {
        return shiftsSince(from).stream().anyMatch(shift -> shift.targetPercent() == 100 && !shift.rollback());
    }

    private TrafficShift rollback(int from) {
        return shiftsSince(from).stream().filter(TrafficShift::rollback).findFirst().orElse(null);
    }

    private Instant shiftSeenAt(TrafficShift shift) {
        synchronized (shiftSeenAt) {
            return shiftSeenAt.get(shift);
        }
    }

    private BrowserViewer viewer(Set<String> canaryViewers, boolean inCanary) {
        return viewers.stream().filter(viewer -> canaryViewers.contains(viewer.clientIp()) == inCanary).findFirst()
                .orElseThrow();
    }

    /**
     * A JUnit report entry, and the same line on the test's output, which failsafe keeps in the test report
     * ({@code target/failsafe-reports/*.xml}, system-out) whether the test passes or not.
     */
    private static void publish(TestReporter report, String key, String value) {
        report.publishEntry(key, value);
        System.out.println("[e2e] " + key + ": " + value);
    }

    private void screenshot(TestReporter report, BrowserViewer viewer, String name) throws InterruptedException {
        Path file = viewer.screenshot(screenshots.resolve(name + ".png"));
        publish(report, "screenshot " + name, file.toAbsolutePath().toString());
    }

    /**
     * The viewers: client IPs chosen so that the canary halves of builds 2 and 3 each hold half of them, in every
     * combination (in both, in one, in neither), so neither canary is empty or everyone.
     */
    static List<String> viewerIps() {
        Map<String, Integer> quota = new LinkedHashMap<>(Map.of("11", 1, "10", 2, "01", 2, "00", 1));
        List<String> chosen = new ArrayList<>();
        for (int host = 1; host < 255 && chosen.size() < VIEWERS; host++) {
            String ip = "203.0.113." + host;
            String combination = (position(BUILD_2, ip) < CANARY_PERCENT / 100.0 ? "1" : "0")
                    + (position(BUILD_3, ip) < CANARY_PERCENT / 100.0 ? "1" : "0");
            if (quota.merge(combination, -1, Integer::sum) >= 0) {
                chosen.add(ip);
            }
        }
        return chosen;
    }

    private static Set<String> viewersInShare(String greenBuild, int percent) {
        return viewerIps().stream().filter(ip -> position(greenBuild, ip) < percent / 100.0)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Where the edge places a viewer in [0, 1) for a green build: the first 32 bits of SHA-256 of
     * {@code "<green build id>\n<client ip>"} (edge-runtime {@code viewerPosition}); green iff below the share.
     */
    static double position(String greenBuild, String clientIp) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((greenBuild + "\n" + clientIp).getBytes(StandardCharsets.UTF_8));
            long first = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8)
                    | (digest[3] & 0xffL);
            return first / (double) (1L << 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** src/it/settings.xml with the invoker's placeholder filled in: third-party artifacts from the outer build. */
    private Path interpolatedSettings() throws IOException {
        String template = Files.readString(Path.of(property("e2e.settingsTemplate")), StandardCharsets.UTF_8);
        Path written = work.resolve("settings.xml");
        Files.writeString(written, template.replace("@localRepositoryUrl@",
                Path.of(property("e2e.outerRepository")).toUri().toString()), StandardCharsets.UTF_8);
        return written;
    }

    private static void copyExample(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                Path relative = from.relativize(directory);
                // build output and installed packages are the example's own leftovers, not its sources
                if (relative.startsWith("node_modules") || relative.startsWith("target")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through Maven "
                    + "(mvn -pl edge-deploy-maven-plugin -am verify -Dit.test=WidgetEndToEndIT)");
        }
        return value;
    }
}
