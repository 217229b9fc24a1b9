package dev.edgedeploy.bench;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.core.upload.UploadReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * P7's child JVM, started with a small {@code -Xmx}: packages and uploads a large build and prints its peak heap.
 * The sandbox runs in the parent, so only the product's memory is in this heap.
 *
 * <p>Arguments: dist directory, output root, compression cache, S3 endpoint, concurrency, then region=bucket pairs.
 */
public final class LargeBuildRun {

    private LargeBuildRun() {
    }

    public static void main(String[] args) {
        Path dist = Path.of(args[0]);
        Path outputRoot = Path.of(args[1]);
        Path cache = Path.of(args[2]);
        URI endpoint = URI.create(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Map<String, String> buckets = new LinkedHashMap<>();
        for (int i = 5; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            buckets.put(pair[0], pair[1]);
        }
        DeployTarget target = Product.target(buckets);
        // gzip 9 as always; brotli 5 instead of 11 keeps the run within minutes: the quality changes the CPU
        // spent, not what is held on the heap (one file's bytes and its compressed copy per worker)
        CompressionSettings compression = new CompressionSettings(9, true, 5, cache);
        long start = System.nanoTime();
        Product.Packaged packaged = Product.packageBuild(dist, outputRoot, "p7-large", compression, target);
        long packagedAt = System.nanoTime();
        UploadReport report;
        try (AwsClients clients = Product.clients(endpoint, concurrency)) {
            report = new ReplicatedUploader(clients).upload(packaged.build(), target, event -> { });
        }
        long end = System.nanoTime();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long uploaded = report.regions().stream().mapToLong(UploadReport.RegionReport::uploadedObjects).sum();
        System.out.printf(Locale.ROOT, "P7 objects=%d uploaded=%d compressed=%d packageSeconds=%.1f uploadSeconds=%.1f"
                + " maxHeapMB=%d peakHeapMB=%.1f%n", packaged.build().manifest().objects().size(), uploaded,
                packaged.compressed(), (packagedAt - start) / 1e9, (end - packagedAt) / 1e9,
                Runtime.getRuntime().maxMemory() >> 20, peak / 1048576.0);
    }
}
