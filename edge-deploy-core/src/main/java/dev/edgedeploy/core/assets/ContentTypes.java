package dev.edgedeploy.core.assets;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The explicit table from file extension to content type. Unknown extensions are refused rather than guessed:
 * a wrong Content-Type breaks a widget in ways nobody sees until a host page loads it.
 */
public final class ContentTypes {

    /** The pom element users extend the table with; named in every problem about it. */
    public static final String SETTING = "<contentTypes>";

    private static final String JAVASCRIPT = "application/javascript; charset=utf-8";
    private static final Map<String, String> STANDARD = Map.ofEntries(
            Map.entry("js", JAVASCRIPT),
            Map.entry("mjs", JAVASCRIPT),
            Map.entry("cjs", JAVASCRIPT),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("map", "application/json"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("eot", "application/vnd.ms-fontobject"));

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,16}");
    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\p{Cntrl}\\\\]*\"))*");

    private final Map<String, ContentType> byExtension;

    private ContentTypes(Map<String, ContentType> byExtension) {
        this.byExtension = byExtension;
    }

    public static ContentTypes standard() {
        return withExtras(Map.of());
    }

    /**
     * The standard table plus the user's allow-list (extension → Content-Type); an extra may override a
     * standard entry. Every invalid extra is reported.
     */
    public static ContentTypes withExtras(Map<String, String> extras) {
        Map<String, ContentType> table = new TreeMap<>();
        STANDARD.forEach((ext, type) -> table.put(ext, ContentType.of(ext, type)));
        List<Problem> problems = new ArrayList<>();
        new TreeMap<>(extras).forEach((rawExtension, mediaType) -> {
            String extension = rawExtension.startsWith(".") ? rawExtension.substring(1) : rawExtension;
            extension = extension.toLowerCase(Locale.ROOT);
            String subject = SETTING + "<" + rawExtension + ">";
            if (!EXTENSION.matcher(extension).matches()) {
                problems.add(new Problem(subject, "'" + rawExtension + "' is not a file extension.",
                        "use 1-16 letters or digits, without the dot, e.g. <mp4>video/mp4</mp4>."));
            } else if (AssetNameRules.RESERVED_SUFFIXES.contains("." + extension)) {
                problems.add(new Problem(subject, "the extension ." + extension
                        + " is reserved for the compressed variants edge-deploy stores itself.",
                        "remove this entry; let edge-deploy compress the files instead of the bundler."));
            } else if (mediaType == null || !MEDIA_TYPE.matcher(mediaType.trim()).matches()) {
                problems.add(new Problem(subject, "'" + mediaType + "' is not a valid Content-Type.",
                        "give a media type such as video/mp4 or text/plain; charset=utf-8."));
            } else {
                table.put(extension, ContentType.of(extension, mediaType.trim()));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid content types", problems);
        }
        return new ContentTypes(Map.copyOf(table));
    }

    /** The content type of a file name by its last extension, case-insensitively. */
    public Optional<ContentType> forName(String name) {
        return extensionOf(name).map(byExtension::get);
    }

    /** The lowercase extension after the last dot of the last segment, if any. */
    public static Optional<String> extensionOf(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        if (dot < 0 || dot == last.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Sorted extensions whose files get compressed variants; the edge handler reads the same list. */
    public List<String> compressibleExtensions() {
        return byExtension.values().stream().filter(ContentType::compressible).map(ContentType::extension)
                .sorted().toList();
    }
}
