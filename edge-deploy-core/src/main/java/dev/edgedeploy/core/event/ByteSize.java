package dev.edgedeploy.core.event;

import java.util.Locale;

/** Byte counts as progress lines print them: {@code 812 B}, {@code 3.1 KB}, {@code 50.0 MB} (1 KB = 1024 B). */
public final class ByteSize {

    private ByteSize() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
