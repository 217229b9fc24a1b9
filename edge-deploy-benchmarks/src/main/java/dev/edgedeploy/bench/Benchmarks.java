package dev.edgedeploy.bench;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.core.upload.UploadReport;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.S3Operation;
import dev.edgedeploy.sandbox.S3Traffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark harness (issue 5): P1 full upload, P2 one-file re-deploy, P3 unchanged re-deploy (upload part),
 * P4 packaging, P7 a large build in a small heap; P5 (edge handler) and P6 (weights probe load) in node, see
 * {@link EdgeRuntimeBenchmarks}. Competitors and the product run interleaved (ours, aws, rclone,
 * ours, aws, rclone, ...) against a fresh sandbox each, behind the same {@link LatencyProxy}; medians are reported.
 *
 * <p>Options ({@code --name=value}): {@code work} (directory, default {@code target/bench-work}), {@code runs} (3),
 * {@code latencies} (ms, {@code 50,0,150}), {@code aws-latencies} (which of them also run {@code aws s3 sync}, 50),
 * {@code aws-regions} (regions aws is timed on, scaled to 4: its runs are sequential and slow; 1),
 * {@code redeploy-latencies} (where P2 and P3 run, 50), {@code concurrency} (the shipped default, 128),
 * {@code variants} (our configurations, {@code 32,128}: concurrency), {@code rclone-transfers} (per rclone process, 32),
 * {@code parts} ({@code P1,P4,P7}; P1 includes P2 and P3; {@code P5}, {@code P6}, {@code P8} on request),
 * {@code p5-baseline} (a directory of another runtime's .mjs files measured beside ours in P5), {@code p7-regions} (2),
 * {@code results} (file name); P8 ({@link RollbackReach}): {@code p8-refresh} (the values of T, s, {@code 10}),
 * {@code p8-propagation} (the seed's CloudFront propagation, ISO-8601, {@code PT15M}), {@code p8-viewers} (1000).
 */
public final class Benchmarks {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1");
    private static final String SITE_PREFIX = "site";
    private static final String AWS = "/usr/bin/aws";
    private static final String RCLONE = "/usr/bin/rclone";
    private static final long MB = 1_000_000;

    private final Path work;
    private final int runs;
    private final List<Integer> latencies;
    private final Set<Integer> awsLatencies;
    private final int concurrency;
    private final int rcloneTransfers;
    private final Set<String> parts;
    private final int p7Regions;
    private final List<Variant> variants;
    private final Set<Integer> redeployLatencies;
    private final int awsRegions;
    private final String resultsFile;
    private final Map<String, String> options;
    private final String p5Baseline;
    private final Map<String, String> buckets = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();
    private int sandboxes;

    private Benchmarks(Map<String, String> options) {
        this.work = Path.of(options.getOrDefault("work", "target/bench-work")).toAbsolutePath();
        this.runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        this.latencies = ints(options.getOrDefault("latencies", "50,0,150"));
        this.awsLatencies = new TreeSet<>(ints(options.getOrDefault("aws-latencies", "50")));
        this.concurrency = Integer.parseInt(options.getOrDefault("concurrency",
                String.valueOf(AwsSettings.DEFAULT_MAX_CONCURRENCY)));
        this.rcloneTransfers = Integer.parseInt(options.getOrDefault("rclone-transfers", "32"));
        this.parts = Set.of(options.getOrDefault("parts", "P1,P4,P7").split(","));
        this.p7Regions = Integer.parseInt(options.getOrDefault("p7-regions", "2"));
        this.variants = Arrays.stream(options.getOrDefault("variants", "32,128").split(","))
                .map(Variant::parse).toList();
        this.redeployLatencies = new TreeSet<>(ints(options.getOrDefault("redeploy-latencies", "50")));
        this.awsRegions = Integer.parseInt(options.getOrDefault("aws-regions", "1"));
        this.resultsFile = options.getOrDefault("results", "results.md");
        this.options = Map.copyOf(options);
        this.p5Baseline = options.get("p5-baseline");
        REGIONS.forEach(r -> buckets.put(r, "bench-" + r));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        new Benchmarks(options).run();
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        line("# Benchmark results");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", Java "
                + System.getProperty("java.version") + "; load average at start: " + load() + " ("
                + Instant.now() + ")");
        line("Options: runs=" + runs + ", latencies=" + latencies + " ms, aws s3 sync at " + awsLatencies
                + " ms on " + awsRegions + " of " + REGIONS.size() + " regions, P2/P3 at " + redeployLatencies
                + " ms, our default concurrency=" + concurrency + ", variants=" + variants
                + ", rclone --transfers/--checkers=" + rcloneTransfers + " per region, parts=" + new TreeSet<>(parts));
        line("Tools: " + firstLine(AWS, "--version") + "; " + firstLine(RCLONE, "version") + "; "
                + firstLine("gzip", "--version") + "; " + firstLine("brotli", "--version"));
        line("");
        if (parts.contains("P1")) {
            uploads();
        }
        if (parts.contains("P4")) {
            packaging();
        }
        if (parts.contains("P7")) {
            largeBuild();
        }
        if (parts.contains("P5") || parts.contains("P6")) {
            EdgeRuntimeBenchmarks edge = new EdgeRuntimeBenchmarks(work, Path.of("edge-deploy-benchmarks/node"),
                    Path.of("examples/minimal/src/main/dist"), runs, p5Baseline, this::line);
            if (parts.contains("P5")) {
                edge.handler(Product.target(buckets));
            }
            if (parts.contains("P6")) {
                edge.probeLoad();
            }
        }
        if (parts.contains("P8")) {
            new RollbackReach(work, runs, ints(options.getOrDefault("p8-refresh", "10")),
                    Duration.parse(options.getOrDefault("p8-propagation", "PT15M")),
                    Integer.parseInt(options.getOrDefault("p8-viewers", "1000")), this::line).run();
        }
        line("Load average at end: " + load() + " (" + Instant.now() + ")");
        Files.writeString(work.resolve(resultsFile), report);
    }

    // ---------------------------------------------------------------- P1, P2, P3

    private void uploads() throws Exception {
        WebpackLikeBuild generator = new WebpackLikeBuild(1_000, 20_261_124L);
        Path dist1 = work.resolve("dist-1");
        Path dist2 = work.resolve("dist-2");
        deleteRecursively(dist1);
        deleteRecursively(dist2);
        WebpackLikeBuild.Written written = generator.writeForGzipSize(dist1, 20 * MB);
        linkCopy(dist1, dist2);
        Files.delete(dist2.resolve(written.changeableFile())); // a link: replace it, never append to the shared inode
        Files.copy(dist1.resolve(written.changeableFile()), dist2.resolve(written.changeableFile()));
        WebpackLikeBuild.change(dist2, written.changeableFile(), 7);
        line("## P1–P3: uploads to " + REGIONS.size() + " regions");
        line("");
        line("Build: " + written + "; the re-deploy (P2) changes " + written.changeableFile() + ".");

        DeployTarget target = Product.target(buckets);
        CompressionSettings compression = CompressionSettings.defaults(work.resolve("compression-cache"));
        long t = System.nanoTime();
        Product.Packaged b1 = Product.packageBuild(dist1, work.resolve("packages"), "bench-1", compression, target);
        Product.Packaged b2 = Product.packageBuild(dist2, work.resolve("packages"), "bench-2", compression, target);
        line("Packaged: " + b1.build().manifest().objects().size() + " objects, "
                + String.format(Locale.ROOT, "%.1f MB", b1.build().manifest().totalBytes() / 1e6) + " stored per region ("
                + b1.compressed() + " + " + b2.compressed() + " variants compressed in "
                + String.format(Locale.ROOT, "%.0f", seconds(System.nanoTime() - t)) + " s, not measured here; see P4).");
        Path site1 = b1.build().directory().resolve(PackagedBuild.OBJECTS_DIR).resolve(BuildLayout.prefix(
                b1.build().buildId()));
        Path site2 = work.resolve("site-2");
        List<String> changed = competitorSite(b1.build(), b2.build(), site1, site2);
        line("The competitors upload the same objects (`" + work.relativize(site1) + "`: identity, .gz and .br"
                + " variants) to `s3://<bucket>/" + SITE_PREFIX + "/`; for P2 a copy of it in which the "
                + changed.size() + " objects of the changed file are replaced (unchanged files keep their mtime).");
        line("");

        Map<Integer, Results> results = new LinkedHashMap<>();
        for (int latency : latencies) {
            Results r = new Results();
            results.put(latency, r);
            for (int run = 1; run <= runs; run++) {
                System.out.printf(Locale.ROOT, "[%s] latency %d ms, run %d/%d, load %s%n", Instant.now(), latency,
                        run, runs, load());
                boolean redeploy = redeployLatencies.contains(latency);
                for (Variant variant : variants) {
                    ours(b1.build(), b2.build(), target, latency, variant, redeploy && variant.isDefault(concurrency),
                            r);
                }
                if (awsLatencies.contains(latency)) {
                    competitor(Tool.AWS, site1, site2, changed, latency, redeploy, r.aws);
                }
                competitor(Tool.RCLONE, site1, site2, changed, latency, redeploy, r.rclone);
                System.out.println("  " + r.progress());
            }
        }
        printUploadTables(results, b1.build().manifest().objects().size());
    }

    /** site-2 = site-1 with the changed file's objects replaced; the relative names of those objects. */
    private List<String> competitorSite(PackagedBuild b1, PackagedBuild b2, Path site1, Path site2) throws IOException {
        deleteRecursively(site2);
        Map<String, String> before = new LinkedHashMap<>();
        String prefix1 = BuildLayout.prefix(b1.buildId());
        String prefix2 = BuildLayout.prefix(b2.buildId());
        for (ManifestObject o : b1.manifest().objects()) {
            before.put(o.key().substring(prefix1.length()), o.sha256());
        }
        List<String> changed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(site1)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = site2.resolve(site1.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path objects2 = b2.directory().resolve(PackagedBuild.OBJECTS_DIR);
        for (ManifestObject o : b2.manifest().objects()) {
            String name = o.key().substring(prefix2.length());
            if (!o.sha256().equals(before.get(name)) && !name.equals(BuildLayout.MANIFEST_NAME)) {
                Files.copy(objects2.resolve(o.key()), site2.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                changed.add(name);
            }
        }
        return changed;
    }

    private EdgeSandbox sandbox(Path state) {
        EdgeSandbox.Builder builder = EdgeSandbox.builder().stateDirectory(state);
        buckets.forEach(builder::region);
        return builder.start();
    }

    /**
     * A configuration of the product: its concurrency, written {@code 32} or {@code 128}. (Until stop 7 a trailing
     * {@code x} tried the product without 100-continue for small bodies; the product now does that itself, so an
     * {@code x} is accepted and ignored.)
     */
    record Variant(int concurrency) {
        static Variant parse(String text) {
            return new Variant(Integer.parseInt(text.endsWith("x") ? text.substring(0, text.length() - 1) : text));
        }

        boolean isDefault(int defaultConcurrency) {
            return concurrency == defaultConcurrency;
        }

        @Override
        public String toString() {
            return Integer.toString(concurrency);
        }

        String describe() {
            return "edge-deploy, " + concurrency + " connections";
        }
    }

    private void ours(PackagedBuild b1, PackagedBuild b2, DeployTarget target, int latency, Variant variant,
            boolean redeploy, Results r) throws IOException {
        Path state = work.resolve("sandbox-" + ++sandboxes);
        try (EdgeSandbox sandbox = sandbox(state);
                LatencyProxy proxy = new LatencyProxy(sandbox.s3Port(), Duration.ofMillis(latency));
                AwsClients clients = Product.clients(URI.create(proxy.endpoint()), variant.concurrency())) {
            ReplicatedUploader uploader = new ReplicatedUploader(clients);
            S3Traffic traffic = sandbox.s3Traffic();
            VariantResults v = r.ours.computeIfAbsent(variant, k -> new VariantResults());

            traffic.resetCounts();
            long exchanges = proxy.exchanges();
            long start = System.nanoTime();
            UploadReport p1 = uploader.upload(b1, target, event -> { });
            v.p1.add(seconds(System.nanoTime() - start));
            v.requests.add(total(traffic.counts()));
            v.exchanges.add(proxy.exchanges() - exchanges);
            v.connections.add(proxy.connections());
            v.uploadPhase.add(p1.timings().uploadMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "  ours %s: P1 %.1f s (%d requests, %d turns, %d connections)%n", variant,
                    v.p1.last(), (long) v.requests.last(), (long) v.exchanges.last(), (long) v.connections.last());
            if (!redeploy) {
                return;
            }

            traffic.resetCounts();
            exchanges = proxy.exchanges();
            start = System.nanoTime();
            UploadReport p2 = uploader.upload(b2, target, event -> { });
            r.oursP2.add(seconds(System.nanoTime() - start));
            r.oursP2UploadPhase.add(p2.timings().uploadMillis() / 1000.0);
            r.oursP2Puts.add(traffic.count(S3Operation.PUT_OBJECT) + traffic.count(S3Operation.UPLOAD_PART));
            r.oursP2Copies.add(traffic.count(S3Operation.COPY_OBJECT));
            r.oursP2Requests.add(proxy.exchanges() - exchanges);
            r.p2Counts = traffic.counts().toString();

            traffic.resetCounts();
            exchanges = proxy.exchanges();
            start = System.nanoTime();
            uploader.upload(b2, target, event -> { });
            r.oursP3.add(seconds(System.nanoTime() - start));
            r.oursP3Writes.add(traffic.count(S3Operation.PUT_OBJECT) + traffic.count(S3Operation.UPLOAD_PART)
                    + traffic.count(S3Operation.COPY_OBJECT) + traffic.count(S3Operation.CREATE_MULTIPART_UPLOAD));
            r.oursP3Requests.add(proxy.exchanges() - exchanges);
            r.p3Counts = traffic.counts().toString();
            System.out.printf(Locale.ROOT, "  ours %s: P2 %.1f s, P3 %.2f s%n", variant, r.oursP2.last(),
                    r.oursP3.last());
        } finally {
            deleteRecursively(state);
        }
    }

    private enum Tool { AWS, RCLONE }

    /** One competitor sample: P1 into fresh buckets, then P2 from site-2. */
    private void competitor(Tool tool, Path site1, Path site2, List<String> changed, int latency, boolean redeploy,
            ToolResults r) throws Exception {
        Path state = work.resolve("sandbox-" + ++sandboxes);
        try (EdgeSandbox sandbox = sandbox(state);
                LatencyProxy proxy = new LatencyProxy(sandbox.s3Port(), Duration.ofMillis(latency))) {
            S3Traffic traffic = sandbox.s3Traffic();
            traffic.resetCounts();
            long start = System.nanoTime();
            sync(tool, site1, proxy.endpoint());
            r.p1.add(seconds(System.nanoTime() - start) * extrapolation(tool));
            r.p1Requests.add(total(traffic.counts()));
            r.p1Puts.add(traffic.count(S3Operation.PUT_OBJECT) + traffic.count(S3Operation.UPLOAD_PART));
            if (!redeploy) {
                System.out.printf(Locale.ROOT, "  %s: P1 %.1f s%n", tool, r.p1.last());
                return;
            }

            FileTime now = FileTime.from(Instant.now());
            for (String name : changed) {
                Files.setLastModifiedTime(site2.resolve(name), now);
            }
            traffic.resetCounts();
            start = System.nanoTime();
            sync(tool, site2, proxy.endpoint());
            r.p2.add(seconds(System.nanoTime() - start) * extrapolation(tool));
            r.p2Puts.add(traffic.count(S3Operation.PUT_OBJECT) + traffic.count(S3Operation.UPLOAD_PART));
            System.out.printf(Locale.ROOT, "  %s: P1 %.1f s, P2 %.1f s%n", tool, r.p1.last(), r.p2.last());
        } finally {
            deleteRecursively(state);
        }
    }

    /** aws s3 sync runs region after region: its time for all is its time for some, scaled. */
    private double extrapolation(Tool tool) {
        return tool == Tool.AWS ? (double) REGIONS.size() / awsRegions : 1.0;
    }

    /** aws s3 sync once per region, one after another (as a script would); rclone for every region at once. */
    private void sync(Tool tool, Path site, String endpoint) throws Exception {
        if (tool == Tool.AWS) {
            Path config = work.resolve("aws-config");
            Files.writeString(config, "[default]\ns3 =\n  addressing_style = path\n");
            for (Map.Entry<String, String> bucket : buckets.entrySet().stream().limit(awsRegions).toList()) {
                Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", EdgeSandbox.ACCESS_KEY_ID,
                        "AWS_SECRET_ACCESS_KEY", EdgeSandbox.SECRET_ACCESS_KEY, "AWS_DEFAULT_REGION", bucket.getKey(),
                        "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE",
                        work.resolve("no-credentials").toString(), "AWS_EC2_METADATA_DISABLED", "true", "AWS_PAGER", "");
                await(start(List.of(AWS, "s3", "sync", site.toString(), "s3://" + bucket.getValue() + "/" + SITE_PREFIX,
                        "--endpoint-url", endpoint, "--only-show-errors", "--no-progress"), env, "aws-" + bucket.getKey()));
            }
        } else {
            Path config = work.resolve("rclone.conf");
            Files.writeString(config, "");
            List<Process> processes = new ArrayList<>();
            for (Map.Entry<String, String> bucket : buckets.entrySet()) {
                Map<String, String> env = Map.of("RCLONE_CONFIG_SBX_TYPE", "s3", "RCLONE_CONFIG_SBX_PROVIDER", "Other",
                        "RCLONE_CONFIG_SBX_ACCESS_KEY_ID", EdgeSandbox.ACCESS_KEY_ID,
                        "RCLONE_CONFIG_SBX_SECRET_ACCESS_KEY", EdgeSandbox.SECRET_ACCESS_KEY,
                        "RCLONE_CONFIG_SBX_ENDPOINT", endpoint, "RCLONE_CONFIG_SBX_REGION", bucket.getKey(),
                        "RCLONE_CONFIG_SBX_FORCE_PATH_STYLE", "true");
                processes.add(start(List.of(RCLONE, "--config", config.toString(), "copy", site.toString(),
                        "sbx:" + bucket.getValue() + "/" + SITE_PREFIX, "--checksum", "--fast-list",
                        "--transfers", String.valueOf(rcloneTransfers), "--checkers", String.valueOf(rcloneTransfers),
                        "--s3-no-check-bucket", "--s3-no-head", "-q"), env, "rclone-" + bucket.getKey()));
            }
            for (Process p : processes) {
                await(p);
            }
        }
    }

    private Process start(List<String> command, Map<String, String> env, String logName) throws IOException {
        Path log = work.resolve("logs").resolve(logName + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the host's own AWS_*/RCLONE_* settings (a CA bundle, a profile) are not the benchmark's
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void await(Process process) throws Exception {
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + process.info().commandLine().orElse("?"));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("failed (" + process.exitValue() + "): "
                    + process.info().commandLine().orElse("?") + "; see " + "the logs directory");
        }
    }

    private void printUploadTables(Map<Integer, Results> results, int objects) {
        Variant defaults = new Variant(concurrency);
        line("### P1: full upload (" + objects + " objects × " + REGIONS.size() + " regions), seconds, median (runs)");
        line("");
        line("| RTT | " + variants.stream().map(Variant::describe).collect(Collectors.joining(" | "))
                + " | aws s3 sync, 4 regions one after another" + (awsRegions < REGIONS.size() ? " (" + awsRegions + " measured, × " + REGIONS.size() + "/" + awsRegions + ")" : "") + " | rclone, 4 regions in parallel |");
        line("|---|" + "---|".repeat(variants.size() + 2));
        results.forEach((latency, r) -> line("| " + latency + " ms | " + variants.stream()
                .map(v -> r.variant(v).p1.describe("%.1f")).collect(Collectors.joining(" | ")) + " | "
                + r.aws.p1.describe("%.1f") + " | " + r.rclone.p1.describe("%.1f") + " |"));
        line("");
        line("Ratios of medians (competitor ÷ ours; targets: aws ≥ 8, rclone ≥ 2) and the latency bound (requests × RTT"
                + " ÷ connections, connections = the variant's concurrency; target: bound ÷ ours ≥ 0.70):");
        line("");
        line("| RTT | variant | aws ÷ ours | rclone ÷ ours | requests | latency bound | bound ÷ ours |");
        line("|---|---|---|---|---|---|---|");
        results.forEach((latency, r) -> {
            for (Variant v : variants) {
                VariantResults vr = r.variant(v);
                double ours = vr.p1.median();
                double requests = vr.requests.median();
                double bound = requests * latency / 1000.0 / v.concurrency();
                line(String.format(Locale.ROOT, "| %d ms | %s | %s | %s | %.0f | %s | %s |", latency, v,
                        ratio(r.aws.p1.median(), ours), ratio(r.rclone.p1.median(), ours), requests,
                        latency == 0 ? "—" : String.format(Locale.ROOT, "%.1f s", bound),
                        latency == 0 ? "—" : String.format(Locale.ROOT, "%.2f", bound / ours)));
            }
        });
        line("");
        line("Upload phase alone (of the P1 total), default variant: "
                + describeAll(results, r -> r.variant(defaults).uploadPhase) + ". Requests per tool in P1 (median): "
                + results.entrySet().stream().map(e -> e.getKey() + " ms: ours " + String.format(Locale.ROOT, "%.0f",
                e.getValue().variant(defaults).requests.median()) + ", aws " + (e.getValue().aws.p1Requests.isEmpty()
                ? "—" : String.format(Locale.ROOT, "%.0f", e.getValue().aws.p1Requests.median()) + " (on "
                + awsRegions + " region(s))") + ", rclone " + String.format(Locale.ROOT, "%.0f",
                e.getValue().rclone.p1Requests.median())).collect(Collectors.joining("; ")) + ".");
        line("");
        if (results.values().stream().allMatch(r -> r.oursP2.isEmpty())) {
            return;
        }
        line("### P2: re-deploy with 1 changed file of 1,000, seconds, median (runs)");
        line("");
        line("| RTT | edge-deploy (new build id) | its upload phase | P2 ÷ P1 (≤ 0.05) | upload phase ÷ P1 upload phase"
                + " | our PUTs / COPYs / HTTP requests (proxy) | aws s3 sync ×4 | aws PUTs | rclone ×4 | rclone PUTs |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        results.forEach((latency, r) -> {
            if (r.oursP2.isEmpty()) {
                return;
            }
            VariantResults d = r.variant(defaults);
            line(String.format(Locale.ROOT, "| %d ms | %s | %s | %.3f | %.3f | %.0f / %.0f / %.0f | %s | %s | %s | %s |",
                    latency, r.oursP2.describe("%.1f"), r.oursP2UploadPhase.describe("%.1f"),
                    r.oursP2.median() / d.p1.median(), r.oursP2UploadPhase.median() / d.uploadPhase.median(),
                    r.oursP2Puts.median(), r.oursP2Copies.median(), r.oursP2Requests.median(), r.aws.p2.describe("%.1f"),
                    r.aws.p2Puts.isEmpty() ? "—" : String.format(Locale.ROOT, "%.0f", r.aws.p2Puts.median()),
                    r.rclone.p2.describe("%.1f"), String.format(Locale.ROOT, "%.0f", r.rclone.p2Puts.median())));
            line("");
            line("Sandbox operation counts of the last P2 sample: " + r.p2Counts);
            line("");
        });
        line("### P3: re-deploy of an unchanged build (upload part)");
        line("");
        line("| RTT | edge-deploy, seconds | writes (PUT + UploadPart + CreateMultipartUpload + COPY), target 0 |"
                + " HTTP requests (proxy) |");
        line("|---|---|---|---|");
        results.forEach((latency, r) -> {
            if (!r.oursP3.isEmpty()) {
                line(String.format(Locale.ROOT, "| %d ms | %s | %s | %s |", latency, r.oursP3.describe("%.2f"),
                        r.oursP3Writes.describe("%.0f"), r.oursP3Requests.describe("%.0f")));
            }
        });
        line("");
        results.forEach((latency, r) -> {
            if (r.p3Counts != null) {
                line("Sandbox operation counts of the last P3 sample at " + latency + " ms: " + r.p3Counts);
            }
        });
        line("");
    }

    private static String describeAll(Map<Integer, Results> results, java.util.function.Function<Results, Samples> f) {
        return results.entrySet().stream().map(e -> e.getKey() + " ms: " + f.apply(e.getValue()).describe("%.1f"))
                .collect(Collectors.joining("; "));
    }

    /** Every sample of one latency. */
    private static final class Results {
        final Map<Variant, VariantResults> ours = new LinkedHashMap<>();
        final Samples oursP2 = new Samples();
        final Samples oursP2UploadPhase = new Samples();
        final Samples oursP2Puts = new Samples();
        final Samples oursP2Copies = new Samples();
        final Samples oursP2Requests = new Samples();
        final Samples oursP3 = new Samples();
        final Samples oursP3Writes = new Samples();
        final Samples oursP3Requests = new Samples();
        final ToolResults aws = new ToolResults();
        final ToolResults rclone = new ToolResults();
        String p2Counts;
        String p3Counts;

        VariantResults variant(Variant v) {
            return ours.computeIfAbsent(v, k -> new VariantResults());
        }

        String progress() {
            return ours.entrySet().stream().map(e -> "ours " + e.getKey() + " P1 " + e.getValue().p1.describe("%.1f"))
                    .collect(Collectors.joining("; ")) + "; P2 " + oursP2.describe("%.1f") + "; aws P1 "
                    + aws.p1.describe("%.1f") + "; rclone P1 " + rclone.p1.describe("%.1f");
        }
    }

    private static final class VariantResults {
        final Samples p1 = new Samples();
        final Samples uploadPhase = new Samples();
        final Samples requests = new Samples();
        final Samples exchanges = new Samples();
        final Samples connections = new Samples();
    }

    private static final class ToolResults {
        final Samples p1 = new Samples();
        final Samples p1Requests = new Samples();
        final Samples p1Puts = new Samples();
        final Samples p2 = new Samples();
        final Samples p2Puts = new Samples();
    }

    // ---------------------------------------------------------------- P4

    private void packaging() throws Exception {
        Path dist = work.resolve("p4-dist");
        deleteRecursively(dist);
        WebpackLikeBuild.Written written = new WebpackLikeBuild(1_000, 4L).writeJavaScript(dist, 20 * MB);
        line("## P4: packaging 20 MB of JavaScript (gzip -9 + brotli -q 11)");
        line("");
        line("Input: " + written + ". edge-deploy: `BuildPackager` with an empty compression cache (hashing, both"
                + " codecs on a pool of one thread per core, writing the package). CLIs: `gzip -9 -k -n` over the"
                + " same files, then `brotli -q 11 -k`, each one process, single-threaded, one after the other.");
        line("");
        DeployTarget target = Product.target(buckets);
        List<String> files;
        try (Stream<Path> walk = Files.walk(dist)) {
            files = walk.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        }
        Samples ours = new Samples();
        Samples cli = new Samples();
        Samples gzip = new Samples();
        Samples brotli = new Samples();
        Samples oursCpu = new Samples();
        Samples cliCpu = new Samples();
        Path cache = null;
        int compressedFirst = 0;
        for (int run = 1; run <= runs; run++) {
            System.out.printf(Locale.ROOT, "[%s] P4 run %d/%d, load %s%n", Instant.now(), run, runs, load());
            cache = work.resolve("p4-cache-" + run);
            deleteRecursively(cache);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            Product.Packaged packaged = Product.packageBuild(dist, work.resolve("p4-out"), "p4",
                    CompressionSettings.defaults(cache), target);
            ours.add(seconds(System.nanoTime() - start));
            oursCpu.add(seconds(processCpuNanos() - cpuStart));
            compressedFirst = packaged.compressed();

            Path copy = work.resolve("p4-cli");
            deleteRecursively(copy);
            linkCopy(dist, copy);
            List<String> copies = files.stream().map(f -> copy.resolve(dist.relativize(Path.of(f))).toString())
                    .toList();
            // bash's `times` prints the CPU its children used: the CLIs' CPU, whatever else loads the machine
            start = System.nanoTime();
            await(start(concat(List.of("bash", "-c", "gzip -9 -k -n -f -- \"$@\"; times", "gzip"), copies), Map.of(),
                    "p4-gzip"));
            long gzipped = System.nanoTime();
            await(start(concat(List.of("bash", "-c", "brotli -q 11 -k -f -- \"$@\"; times", "brotli"), copies),
                    Map.of(), "p4-brotli"));
            long end = System.nanoTime();
            cliCpu.add(childCpuSeconds("p4-gzip") + childCpuSeconds("p4-brotli"));
            gzip.add(seconds(gzipped - start));
            brotli.add(seconds(end - gzipped));
            cli.add(seconds(end - start));
            System.out.println("  ours " + ours.describe("%.1f") + ", CLIs " + cli.describe("%.1f"));
        }
        // the same input again, with the last run's cache: nothing may be compressed
        Product.Packaged again = Product.packageBuild(dist, work.resolve("p4-out"), "p4",
                CompressionSettings.defaults(cache), target);
        Path changedDist = work.resolve("p4-dist-changed");
        deleteRecursively(changedDist);
        linkCopy(dist, changedDist);
        String changed = dist.relativize(Path.of(files.get(files.size() / 2))).toString();
        Files.delete(changedDist.resolve(changed)); // a link: replace, do not append to the shared inode
        Files.copy(dist.resolve(changed), changedDist.resolve(changed));
        WebpackLikeBuild.change(changedDist, changed, 9);
        Product.Packaged oneChanged = Product.packageBuild(changedDist, work.resolve("p4-out"), "p4-changed",
                CompressionSettings.defaults(cache), target);

        line("| | edge-deploy (2 cores) | gzip -9 CLI | brotli -q 11 CLI | CLIs together | speed-up (≥ 1.8) |");
        line("|---|---|---|---|---|---|");
        line(String.format(Locale.ROOT, "| wall seconds, median (runs) | %s | %s | %s | %s | %s |",
                ours.describe("%.1f"), gzip.describe("%.1f"), brotli.describe("%.1f"), cli.describe("%.1f"),
                ratio(cli.median(), ours.median())));
        line(String.format(Locale.ROOT, "| CPU seconds (user + sys), median (runs) | %s | | | %s | CPU ratio %s |",
                oursCpu.describe("%.1f"), cliCpu.describe("%.1f"), ratio(cliCpu.median(), oursCpu.median())));
        line("");
        line("Never recompressed: first packaging compressed " + compressedFirst + " variants; the same files again"
                + " (same cache): " + again.compressed() + " compressed, " + again.reused() + " from cache; with one file"
                + " changed (" + changed + "): " + oneChanged.compressed() + " compressed, " + oneChanged.reused()
                + " from cache (counts from the packager's own event).");
        line("");
    }

    // ---------------------------------------------------------------- P7

    private void largeBuild() throws Exception {
        Path dist = work.resolve("p7-dist");
        deleteRecursively(dist);
        WebpackLikeBuild.Written written = new WebpackLikeBuild(10_000, 77L).writeForRawSize(dist, 250 * MB);
        line("## P7: 10,000 files / 250 MB in a 256 MB heap");
        line("");
        Map<String, String> p7Buckets = new LinkedHashMap<>();
        buckets.entrySet().stream().limit(p7Regions).forEach(e -> p7Buckets.put(e.getKey(), e.getValue()));
        Path state = work.resolve("sandbox-p7");
        deleteRecursively(state);
        deleteRecursively(work.resolve("p7-out"));
        deleteRecursively(work.resolve("p7-cache"));
        System.out.printf(Locale.ROOT, "[%s] P7: %s, load %s%n", Instant.now(), written, load());
        String outcome;
        int exit;
        EdgeSandbox.Builder builder = EdgeSandbox.builder().stateDirectory(state);
        p7Buckets.forEach(builder::region);
        try (EdgeSandbox sandbox = builder.start()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-Xlog:gc:file=" + work.resolve("p7-gc.log"), "-cp",
                    System.getProperty("java.class.path"), LargeBuildRun.class.getName(), dist.toString(),
                    work.resolve("p7-out").toString(), work.resolve("p7-cache").toString(),
                    sandbox.s3Endpoint().toString(), String.valueOf(concurrency)));
            p7Buckets.forEach((region, bucket) -> command.add(region + "=" + bucket));
            Process child = start(command, Map.of(), "p7");
            exit = child.waitFor(20, TimeUnit.MINUTES) ? child.exitValue() : -1;
            List<String> log = Files.readAllLines(work.resolve("logs").resolve("p7.log"), StandardCharsets.UTF_8);
            outcome = log.stream().filter(l -> l.startsWith("P7 ")).findFirst()
                    .orElse("no result; last lines: " + String.join(" | ", log.subList(Math.max(0, log.size() - 5),
                            log.size())));
        } finally {
            deleteRecursively(state);
        }
        line("Build: " + written + "; packaged (gzip 9, brotli quality 5 to keep the run short: the quality"
                + " changes CPU, not what the heap holds) and uploaded to " + p7Regions + " region(s) at 0 ms, in a"
                + " child JVM with `-Xmx256m` (the sandbox runs in the parent).");
        line("");
        long[] gc = gcPeaks(work.resolve("p7-gc.log"));
        line("Result: exit " + exit + (exit == 0 ? " (completed within the 256 MB heap)" : " (FAILED)") + "; `"
                + outcome + "` (peakHeapMB = the sum of each heap pool's own peak, which never coincide: an upper"
                + " bound). From the GC log (" + work.relativize(work.resolve("p7-gc.log")) + "): " + gc[3] + " collections,"
                + " heap used at a collection at most " + gc[0] + " MB, live after a collection at most " + gc[1]
                + " MB, heap committed at most " + gc[2] + " MB.");
        line("");
    }

    // ---------------------------------------------------------------- helpers

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).map(String::trim).map(Integer::valueOf)
                .toList();
    }

    /** Max heap before a collection, max after, max committed (MB), and the number of collections, from -Xlog:gc. */
    private static long[] gcPeaks(Path log) throws IOException {
        java.util.regex.Pattern pause = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long[] peaks = new long[4];
        for (String l : Files.readAllLines(log)) {
            java.util.regex.Matcher m = pause.matcher(l);
            if (m.find()) {
                peaks[0] = Math.max(peaks[0], Long.parseLong(m.group(1)));
                peaks[1] = Math.max(peaks[1], Long.parseLong(m.group(2)));
                peaks[2] = Math.max(peaks[2], Long.parseLong(m.group(3)));
                peaks[3]++;
            }
        }
        return peaks;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The children's user and system time from the second line of bash's {@code times}, e.g. {@code 0m1.2s 0m0.1s}. */
    private double childCpuSeconds(String logName) throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("logs").resolve(logName + ".log"));
        String children = lines.get(lines.size() - 1).trim();
        double total = 0;
        for (String part : children.split("\\s+")) {
            String[] ms = part.replace("s", "").split("m");
            total += Integer.parseInt(ms[0]) * 60 + Double.parseDouble(ms[1]);
        }
        return total;
    }

    private static long total(Map<S3Operation, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String ratio(double theirs, double ours) {
        return Double.isNaN(theirs) ? "—" : String.format(Locale.ROOT, "%.2f×", theirs / ours);
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).trim().split(" "))
                    .subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "memory unknown";
        }
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("?").trim();
        } catch (IOException e) {
            return command[0] + " missing";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A copy of a tree made of hard links: the generated files are never written again, so sharing is safe. */
    private static void linkCopy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.createLink(target, file);
            }
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
