package dev.edgedeploy.core.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes the Lambda@Edge deployment package: the runtime's files plus {@code edge-config.json} at the root, as a
 * deterministic zip. Same runtime, config and timestamp give the same bytes, hence the same CodeSha256, on any
 * machine time zone: entries sorted by name, one fixed time, mode 0644, no extra fields, deflate level 9.
 */
public final class EdgeBundleRenderer {

    private static final LocalDateTime EARLIEST_DOS_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final LocalDateTime LATEST_DOS_TIME = LocalDateTime.of(2107, 12, 31, 23, 59, 58);

    private final EdgeRuntimeFiles runtime;

    public EdgeBundleRenderer(EdgeRuntimeFiles runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * @param config the generated config
     * @param outputTimestamp {@code project.build.outputTimestamp}, the time every entry carries
     * @param zipFile where to write the bundle (replaced if present)
     */
    public EdgeBundle render(EdgeConfig config, Instant outputTimestamp, Path zipFile) {
        SortedMap<String, byte[]> entries = new TreeMap<>(runtime.files());
        if (entries.put(EdgeConfig.FILE_NAME, config.toJson()) != null) {
            throw new IllegalStateException("the edge runtime must not ship its own " + EdgeConfig.FILE_NAME);
        }
        long entryTime = dosTimeAsJavaTime(outputTimestamp);
        try {
            Files.createDirectories(zipFile.toAbsolutePath().getParent());
            Files.deleteIfExists(zipFile);
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(zipFile)) {
                zip.setUseZip64(Zip64Mode.Never);
                zip.setMethod(ZipArchiveEntry.DEFLATED);
                zip.setLevel(Deflater.BEST_COMPRESSION);
                for (var file : entries.entrySet()) {
                    ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
                    entry.setTime(entryTime);
                    entry.setUnixMode(UnixStat.FILE_FLAG | 0644);
                    entry.setSize(file.getValue().length);
                    zip.putArchiveEntry(entry);
                    zip.write(file.getValue());
                    zip.closeArchiveEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the edge bundle " + zipFile, e);
        }
        return EdgeBundle.of(zipFile);
    }

    /**
     * Zip entry times are MS-DOS local date-time fields, which the writer fills from a Java time in the default
     * zone. To make the fields read the UTC wall clock of the timestamp on every machine, pass the instant at
     * which the default zone shows that wall clock. (If that wall clock falls in the zone's daylight-saving
     * gap — one hour a year, at night — the zone cannot show it and the time shifts by the gap.)
     */
    static long dosTimeAsJavaTime(Instant outputTimestamp) {
        LocalDateTime wallClock = LocalDateTime.ofInstant(outputTimestamp, ZoneOffset.UTC).withNano(0);
        if (wallClock.isBefore(EARLIEST_DOS_TIME)) {
            wallClock = EARLIEST_DOS_TIME;
        } else if (wallClock.isAfter(LATEST_DOS_TIME)) {
            wallClock = LATEST_DOS_TIME;
        }
        return wallClock.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
