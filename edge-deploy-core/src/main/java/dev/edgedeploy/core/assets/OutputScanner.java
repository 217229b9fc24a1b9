package dev.edgedeploy.core.assets;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.build.BuildId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads and validates the bundler's output directory before anything is written or sent: walks it without
 * following links and reports every problem at once, each naming the file or setting and the fix.
 */
public final class OutputScanner {

    public static final String DIST_SETTING = "<distDirectory> / -DedgeDeploy.distDirectory";
    public static final String ENTRY_SETTING = "<entry> / -DedgeDeploy.entry";

    private final ContentTypes contentTypes;

    public OutputScanner(ContentTypes contentTypes) {
        this.contentTypes = Objects.requireNonNull(contentTypes, "contentTypes");
    }

    /**
     * @param distDirectory the bundler's output directory
     * @param entry the entry file's name relative to it, e.g. {@code index.js}
     * @param buildId the build the files will be stored under (its length counts towards key lengths)
     * @throws InvalidInputException listing every problem found
     */
    public DistOutput scan(Path distDirectory, String entry, BuildId buildId) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(distDirectory)) {
            throw new InvalidInputException("Invalid build output", List.of(new Problem(DIST_SETTING,
                    "the output directory " + distDirectory + (Files.exists(distDirectory, LinkOption.NOFOLLOW_LINKS)
                            ? " is not a directory." : " does not exist."),
                    "run the bundler before this goal (e.g. bind it to an earlier phase), or point"
                            + " distDirectory at the directory webpack writes (output.path).")));
        }
        problems.addAll(AssetNameRules.check(ENTRY_SETTING, entry, buildId).stream()
                .map(p -> new Problem(p.subject(), "'" + AssetNameRules.printable(entry) + "': " + p.what(), p.fix()))
                .toList());
        Path root;
        Map<String, Walked> walked;
        try {
            root = distDirectory.toRealPath();
            walked = walk(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output directory " + distDirectory, e);
        }
        if (walked.isEmpty()) {
            throw new InvalidInputException("Invalid build output", List.of(new Problem(DIST_SETTING,
                    "the output directory " + distDirectory + " holds no files.",
                    "run the bundler before this goal, or point distDirectory at its output.path.")));
        }

        List<DistFile> files = new ArrayList<>();
        Map<String, String> collisionKeys = new HashMap<>();
        walked.forEach((name, file) -> {
            String subject = AssetNameRules.printable(name);
            Optional<Problem> kind = checkKind(subject, root, file);
            kind.ifPresent(problems::add);
            List<Problem> nameProblems = AssetNameRules.check(subject, name, buildId);
            problems.addAll(nameProblems);
            String earlier = collisionKeys.putIfAbsent(AssetNameRules.collisionKey(name), name);
            if (earlier != null) {
                problems.add(new Problem(subject, "the name equals '" + AssetNameRules.printable(earlier)
                        + "' ignoring letter case or Unicode normalisation; the two clash on case-insensitive"
                        + " file systems and caches.", "rename one of them."));
            }
            Optional<ContentType> type = contentTypes.forName(name);
            // A link or a reserved .gz/.br name is refused already; its extension would only repeat that.
            if (type.isEmpty() && kind.isEmpty() && !AssetNameRules.hasReservedSuffix(name)) {
                String ext = ContentTypes.extensionOf(name).orElse("");
                problems.add(new Problem(subject, ext.isEmpty()
                        ? "the file has no extension, so it has no known content type."
                        : "the extension ." + ext + " has no known content type.",
                        ext.isEmpty() ? "rename it with an extension, or stop emitting it."
                                : "allow it in the plugin configuration, e.g. " + ContentTypes.SETTING + "<" + ext
                                        + ">type/subtype</" + ext + "></contentTypes>, or stop emitting it."));
            }
            if (kind.isEmpty() && nameProblems.isEmpty() && type.isPresent()) {
                files.add(new DistFile(name, file.path(), file.attributes().size(), type.get()));
            }
        });

        Walked entryFile = walked.get(entry);
        if (entryFile == null || !entryFile.attributes().isRegularFile()) {
            if (entryFile == null) {
                problems.add(new Problem(ENTRY_SETTING, "the entry '" + AssetNameRules.printable(entry)
                        + "' is not in " + distDirectory + ".", "set entry to the file the bundler emits as the"
                        + " entry" + candidates(walked) + ", or fix the bundler's output.filename."));
            }
        } else if (!isUtf8(entryFile.path())) {
            problems.add(new Problem(AssetNameRules.printable(entry), "the entry is not valid UTF-8 text,"
                    + " but it is inlined as text into the edge bundle.",
                    "make the bundler emit UTF-8 (webpack does by default); check the file is the script entry."));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid build output in " + distDirectory, problems);
        }
        DistFile entryDist = files.stream().filter(f -> f.name().equals(entry)).findFirst().orElseThrow();
        return new DistOutput(root, entryDist, files);
    }

    private record Walked(Path path, BasicFileAttributes attributes) {
    }

    /** Every non-directory under root by '/'-separated relative name, sorted; links are reported, never followed. */
    private static Map<String, Walked> walk(Path root) throws IOException {
        Map<String, Walked> found = new TreeMap<>();
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        found.put(relativeName(root, file), new Walked(file, attributes));
                        return FileVisitResult.CONTINUE;
                    }
                });
        return found;
    }

    private static String relativeName(Path root, Path file) {
        Path relative = root.relativize(file);
        List<String> segments = new ArrayList<>();
        relative.forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }

    private static Optional<Problem> checkKind(String subject, Path root, Walked file) {
        BasicFileAttributes attributes = file.attributes();
        if (attributes.isSymbolicLink()) {
            return Optional.of(new Problem(subject, "is a symbolic link " + describeLink(root, file.path())
                    + "; links are never followed, so the stored object could differ from what was reviewed.",
                    "make the bundler write real files (check copy plugins), or remove the link."));
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(new Problem(subject, "is not a regular file (a FIFO, socket or device).",
                    "remove it from the output directory."));
        }
        try {
            Path real = file.path().toRealPath();
            if (!real.startsWith(root)) {
                // Not reachable by links (never followed) but by a directory swapped for one mid-walk or a mount.
                return Optional.of(new Problem(subject, "resolves to " + real + ", outside the output directory.",
                        "make the bundler write the file inside its output directory."));
            }
        } catch (IOException e) {
            return Optional.of(new Problem(subject, "cannot be read (" + e.getMessage() + ").",
                    "check the file's permissions."));
        }
        return Optional.empty();
    }

    private static String describeLink(Path root, Path link) {
        try {
            Path target = Files.readSymbolicLink(link);
            Path resolved = link.getParent().resolve(target).normalize();
            String where = resolved.startsWith(root) ? "" : ", outside the output directory";
            if (!Files.exists(resolved)) {
                return "to " + target + ", which does not exist (dangling)";
            }
            return "to " + (Files.isDirectory(resolved) ? "the directory " : "the file ") + target + where;
        } catch (IOException e) {
            return "that cannot be read";
        }
    }

    private static String candidates(Map<String, Walked> walked) {
        List<String> scripts = walked.keySet().stream()
                .filter(name -> !name.contains("/") && (name.endsWith(".js") || name.endsWith(".mjs")))
                .limit(5).toList();
        return scripts.isEmpty() ? "" : " (top-level scripts found: " + scripts.stream()
                .map(AssetNameRules::printable).collect(Collectors.joining(", ")) + ")";
    }

    private static boolean isUtf8(Path file) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the entry " + file, e);
        }
    }
}
