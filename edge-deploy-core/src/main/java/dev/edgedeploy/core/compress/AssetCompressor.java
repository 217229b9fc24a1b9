package dev.edgedeploy.core.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.assets.DistFile;
import dev.edgedeploy.core.assets.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes every file and makes the compressed variants of the compressible ones, on a pool of one thread per
 * core (brotli 11 is CPU-bound: more threads would only contend). Variants come from the cache when an earlier
 * build already made them; the calling thread only waits.
 */
public final class AssetCompressor {

    private final CompressionSettings settings;
    private final CompressionCache cache;
    private final int threads;

    public AssetCompressor(CompressionSettings settings) {
        this(settings, Runtime.getRuntime().availableProcessors());
    }

    AssetCompressor(CompressionSettings settings, int threads) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = new CompressionCache(settings.cacheDirectory());
        this.threads = Math.max(1, threads);
    }

    public CompressionResult compress(List<DistFile> files) {
        if (settings.brotli() && !Brotli4jLoader.isAvailable()) {
            throw InvalidInputException.of(new Problem("<brotli> / -DedgeDeploy.brotli",
                    "brotli4j has no native library for this platform (" + Brotli4jLoader.getUnavailabilityCause()
                            + ").", "set brotli to false (gzip variants are still stored), or build on Linux,"
                            + " macOS or Windows on x86-64 or aarch64."));
        }
        AtomicInteger compressions = new AtomicInteger();
        AtomicInteger reused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedDaemonThreads());
        try {
            Map<DistFile, Future<String>> hashes = new LinkedHashMap<>();
            for (DistFile file : files) {
                hashes.put(file, pool.submit(() -> Sha256.hex(file.path())));
            }
            Map<DistFile, String> sha256 = new LinkedHashMap<>();
            for (Map.Entry<DistFile, Future<String>> hash : hashes.entrySet()) {
                sha256.put(hash.getKey(), await(hash.getValue()));
            }
            // Largest first, so one big brotli job does not start last and run alone.
            List<DistFile> compressible = files.stream().filter(f -> f.contentType().compressible())
                    .sorted(Comparator.comparingLong(DistFile::size).reversed()).toList();
            Map<DistFile, Map<Codec, Future<CompressedAsset.Variant>>> pending = new LinkedHashMap<>();
            for (DistFile file : compressible) {
                for (Codec codec : settings.codecs()) {
                    pending.computeIfAbsent(file, f -> new LinkedHashMap<>()).put(codec, pool.submit(
                            () -> variant(file, sha256.get(file), codec, compressions, reused)));
                }
            }
            List<CompressedAsset> assets = new ArrayList<>(files.size());
            for (DistFile file : files) {
                List<CompressedAsset.Variant> variants = new ArrayList<>();
                for (Future<CompressedAsset.Variant> variant : pending.getOrDefault(file, Map.of()).values()) {
                    variants.add(await(variant));
                }
                assets.add(new CompressedAsset(file, sha256.get(file), variants));
            }
            assets.sort(Comparator.comparing(a -> a.file().name()));
            return new CompressionResult(assets, compressions.get(), reused.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private CompressedAsset.Variant variant(DistFile file, String inputSha256, Codec codec, AtomicInteger compressions,
            AtomicInteger reused) throws IOException {
        int level = settings.level(codec);
        var cached = cache.find(inputSha256, codec, level);
        if (cached.isPresent()) {
            reused.incrementAndGet();
            Path entry = cached.get();
            return new CompressedAsset.Variant(codec, entry, Files.size(entry), Sha256.hex(entry));
        }
        byte[] input = Files.readAllBytes(file.path());
        if (!Sha256.hex(input).equals(inputSha256)) {
            throw new IllegalStateException(file.path() + " changed while it was being packaged; run the build again");
        }
        byte[] compressed = codec.compress(input, level);
        compressions.incrementAndGet();
        Path entry = cache.store(inputSha256, codec, level, compressed);
        return new CompressedAsset.Variant(codec, entry, compressed.length, Sha256.hex(compressed));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("compression interrupted");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "edge-deploy-compress-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
