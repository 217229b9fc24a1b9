package dev.edgedeploy.bench;

import dev.edgedeploy.core.bundle.EdgeBundleRenderer;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * P5 (the edge handler: warm CPU per request, cold start, code size) and P6 (control-plane calls of the weights
 * probe at 1,000 and 10,000 edge containers). The measurements are Node scripts in {@code edge-deploy-benchmarks/node/}
 * run with the machine's node; this class renders the release bundle they measure (the real packager and renderer),
 * measures its size and relays their tables.
 */
final class EdgeRuntimeBenchmarks {

    private static final Instant OUTPUT_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");
    /** The production release section; P5 points a copy of it at loopback servers. */
    private static final EdgeConfig.Release RELEASE = new EdgeConfig.Release("edge-deploy-widget", "live",
            "us-east-1", "https://lambda.us-east-1.amazonaws.com", 10, 2);

    private final Path work;
    private final Path scripts;
    private final Path exampleDist;
    private final int runs;
    private final String baseline;
    private final Consumer<String> line;

    /** baseline: null, or a directory of another runtime's .mjs files that P5 measures beside ours. */
    EdgeRuntimeBenchmarks(Path work, Path scripts, Path exampleDist, int runs, String baseline,
            Consumer<String> line) {
        this.work = work;
        this.scripts = scripts;
        this.exampleDist = exampleDist;
        this.runs = runs;
        this.baseline = baseline;
        this.line = line;
    }

    void handler(DeployTarget target) throws IOException, InterruptedException {
        Path root = work.resolve("p5");
        Benchmarks.deleteRecursively(root);
        Path bundleFile = releaseBundle(root, target);
        line.accept("## P5: the edge handler in node (examples/minimal, release bundle of schema 2)");
        line.accept("");
        line.accept("Bundle: examples/minimal packaged twice by `BuildPackager` (green, and blue = the same dist with "
                + "another entry), `EdgeConfig.forRelease` and `EdgeBundleRenderer`, as the release renders it.");
        line.accept("");
        sizes(bundleFile);
        Path extracted = extract(bundleFile, root.resolve("bundle"));
        List<String> arguments = new ArrayList<>(List.of("p5-edge-handler.mjs", "--bundle=" + extracted,
                "--runs=" + Math.max(runs, 3)));
        if (baseline != null) {
            arguments.add("--baseline=" + Path.of(baseline).toAbsolutePath());
            arguments.add("--baseline-name=" + Path.of(baseline).getFileName());
        }
        node(arguments);
    }

    void probeLoad() throws IOException, InterruptedException {
        line.accept("## P6: Lambda control-plane calls (GetAlias) per second during a shift");
        line.accept("");
        node(List.of("p6-probe-load.mjs", "--runs=" + Math.max(runs, 3), "--invoke-ms=2,10"));
    }

    private Path releaseBundle(Path root, DeployTarget target) throws IOException {
        Path blueDist = root.resolve("dist-blue");
        Files.createDirectories(blueDist);
        try (Stream<Path> files = Files.list(exampleDist)) {
            for (Path file : files.toList()) {
                Files.copy(file, blueDist.resolve(file.getFileName()));
            }
        }
        Path entry = blueDist.resolve("index.js");
        Files.writeString(entry, Files.readString(entry).replace("widget", "widget-previous"));
        CompressionSettings compression = CompressionSettings.defaults(root.resolve("compression-cache"));
        Product.Packaged green = Product.packageBuild(exampleDist, root.resolve("packages"), "20261124-a1b2c3d",
                compression, target);
        Product.Packaged blue = Product.packageBuild(blueDist, root.resolve("packages"), "20261120-0000001",
                compression, target);
        EdgeConfig released = configOf(green.build().bundleFile()).forRelease(configOf(blue.build().bundleFile())
                .green(), RELEASE);
        Path bundleFile = root.resolve("edge-bundle.zip");
        new EdgeBundleRenderer(EdgeRuntimeFiles.fromClasspath()).render(released, OUTPUT_TIMESTAMP, bundleFile);
        return bundleFile;
    }

    private static EdgeConfig configOf(Path bundleFile) throws IOException {
        try (ZipFile zip = new ZipFile(bundleFile.toFile())) {
            try (InputStream in = zip.getInputStream(zip.getEntry(EdgeConfig.FILE_NAME))) {
                return EdgeConfig.fromJson(in.readAllBytes());
            }
        }
    }

    /** Handler code size: the zip's runtime files (everything but the generated config), stored and unpacked. */
    private void sizes(Path bundleFile) throws IOException {
        long codeCompressed = 0;
        long codeRaw = 0;
        long configCompressed = 0;
        long configRaw = 0;
        int files = 0;
        try (ZipFile zip = new ZipFile(bundleFile.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.getName().equals(EdgeConfig.FILE_NAME)) {
                    configCompressed = entry.getCompressedSize();
                    configRaw = entry.getSize();
                } else {
                    codeCompressed += entry.getCompressedSize();
                    codeRaw += entry.getSize();
                    files += 1;
                }
            }
        }
        line.accept("| handler code (target ≤ 100 KB) | compressed in the zip | uncompressed |");
        line.accept("|---|---|---|");
        line.accept(String.format(Locale.ROOT, "| runtime files (%d modules) | %.1f KB | %.1f KB |", files,
                codeCompressed / 1000.0, codeRaw / 1000.0));
        line.accept(String.format(Locale.ROOT, "| edge-config.json (two inlined entries of %s) | %.1f KB | %.1f KB |",
                "examples/minimal", configCompressed / 1000.0, configRaw / 1000.0));
        line.accept(String.format(Locale.ROOT, "| whole zip | %.1f KB | |", Files.size(bundleFile) / 1000.0));
        line.accept("");
    }

    private static Path extract(Path bundleFile, Path directory) throws IOException {
        Files.createDirectories(directory);
        try (ZipFile zip = new ZipFile(bundleFile.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException("zip entry escapes the directory: " + entry.getName());
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
        return directory.toAbsolutePath();
    }

    /** Runs a script with the machine's node; its stdout (the tables) goes to the report, stderr to ours. */
    private void node(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(scripts.resolve(arguments.get(0)).toString());
        command.addAll(arguments.subList(1, arguments.size()));
        line.accept("Command: `" + String.join(" ", command) + "`");
        line.accept("");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            out.lines().forEach(line);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(command + " exited " + exit);
        }
        line.accept("");
    }
}
