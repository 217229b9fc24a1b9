package dev.edgedeploy.core.assets;

import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.manifest.BuildLayout;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a file of the build output may be called so that its S3 key, its URL and every cache on the way agree:
 * ASCII letters, digits and {@code ._-~@} per segment, segments separated by {@code /}. Anything percent-encoded
 * ({@code %2e%2e}) or needing encoding is refused by the character set, so no name can decode into another.
 */
public final class AssetNameRules {

    /** S3's limit on a key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Suffixes of the compressed variants edge-deploy stores beside each compressible file. */
    public static final Set<String> RESERVED_SUFFIXES = Set.of(".gz", ".br");
    /** The longest suffix a stored key may get, counted in the key length check. */
    private static final String LONGEST_VARIANT_SUFFIX = ".br";

    private AssetNameRules() {
    }

    /**
     * Every rule the name breaks, each as a problem about {@code subject}.
     *
     * @param name the name relative to the output directory, segments separated by {@code /}
     * @param buildId the build, whose prefix counts towards the key length
     */
    public static List<Problem> check(String subject, String name, BuildId buildId) {
        List<Problem> problems = new ArrayList<>();
        if (name.isEmpty()) {
            problems.add(new Problem(subject, "the name is empty.", "name a file of the output directory."));
            return problems;
        }
        Set<String> controls = new TreeSet<>();
        Set<String> unsafe = new TreeSet<>();
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.CONTROL) {
                controls.add(String.format("U+%04X", c));
            } else if (c != '/' && c != '\\' && !isSafe(c)) {
                unsafe.add("'" + new String(Character.toChars(c)) + "'");
            }
        }
        if (!controls.isEmpty()) {
            problems.add(new Problem(subject, "the name contains control characters " + controls + ".",
                    "rename the file (check the bundler's [name] and [hash] templates)."));
        }
        if (name.indexOf('\\') >= 0) {
            problems.add(new Problem(subject, "the name contains a backslash, which URLs and S3 keys do not treat"
                    + " as a path separator.", "rename the file; use '/' directories only."));
        }
        if (!unsafe.isEmpty()) {
            problems.add(new Problem(subject, "the name contains characters outside the safe set"
                    + " (ASCII letters, digits and ._-~@): " + unsafe + ".",
                    "rename the file, e.g. with webpack's output.filename / chunkFilename templates."));
        }
        if (name.startsWith("/")) {
            problems.add(new Problem(subject, "the name starts with '/'.",
                    "give the name relative to the output directory, e.g. index.js."));
        }
        String[] segments = (name.startsWith("/") ? name.substring(1) : name).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                problems.add(new Problem(subject, "the name has an empty, '.' or '..' segment.",
                        "give a plain relative name such as js/app.js, without '.', '..' or '//'."));
                break;
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : RESERVED_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                problems.add(new Problem(subject, "names ending in " + suffix + " are reserved for the compressed"
                        + " variants edge-deploy stores itself.",
                        "turn off pre-compression in the bundler (e.g. compression-webpack-plugin); edge-deploy"
                                + " compresses every compressible file."));
            }
        }
        if (lower.equals(BuildLayout.MANIFEST_NAME.toLowerCase(Locale.ROOT))) {
            problems.add(new Problem(subject, BuildLayout.MANIFEST_NAME + " is reserved for the build's manifest.",
                    "rename the file."));
        }
        int keyBytes = (BuildLayout.key(buildId, name) + LONGEST_VARIANT_SUFFIX).getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes > MAX_KEY_BYTES) {
            problems.add(new Problem(subject, "its longest S3 key (" + BuildLayout.key(buildId, name)
                    .substring(0, 40) + "…" + LONGEST_VARIANT_SUFFIX + ") is " + keyBytes + " bytes; S3 allows "
                    + MAX_KEY_BYTES + ".", "use shorter file and directory names."));
        }
        return problems;
    }

    public static boolean hasReservedSuffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return RESERVED_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** The form two names are compared in: equal here means they would clash somewhere (case-insensitive disks, caches). */
    public static String collisionKey(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** The name with control characters escaped, safe to print in a log line. */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == '~' || c == '@';
    }
}
