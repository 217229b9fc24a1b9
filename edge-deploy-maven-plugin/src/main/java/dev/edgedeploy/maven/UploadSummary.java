package dev.edgedeploy.maven;

import dev.edgedeploy.core.event.ByteSize;
import dev.edgedeploy.core.upload.UploadReport;
import dev.edgedeploy.core.upload.UploadReport.RegionReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The final table of a deploy: one row per region. */
final class UploadSummary {

    private static final String ROW = "%-16s %-32s %20s %20s %20s %8s %10s";

    private UploadSummary() {
    }

    static List<String> lines(UploadReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, ROW, "region", "bucket", "uploaded", "copied", "unchanged", "retries",
                "commit"));
        for (RegionReport region : report.regions()) {
            lines.add(String.format(Locale.ROOT, ROW, region.region(), region.bucket(),
                    count(region.uploadedObjects(), region.uploadedBytes()),
                    count(region.copiedObjects(), region.copiedBytes()),
                    count(region.skippedObjects(), region.skippedBytes()), region.retries(),
                    region.alreadyCommitted() ? "existing" : "written"));
        }
        UploadReport.PhaseTimings t = report.timings();
        lines.add(String.format(Locale.ROOT, "phases: check %d ms, plan %d ms, upload %d ms, verify %d ms, commit %d ms",
                t.checkMillis(), t.planMillis(), t.uploadMillis(), t.verifyMillis(), t.commitMillis()));
        return lines;
    }

    private static String count(long objects, long bytes) {
        return objects + " (" + ByteSize.format(bytes) + ")";
    }

}
