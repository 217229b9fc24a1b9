package dev.edgedeploy.core.build;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.assets.Sha256;
import dev.edgedeploy.core.Problem;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code git} strategy: {@code <commit time UTC, yyyyMMdd-HHmmss>-<short sha>} of HEAD, read with the
 * machine's {@code git}. The commit time (not the wall clock) keeps the id stable across re-runs of one commit,
 * so a re-run converges. A work tree with uncommitted changes gets {@code -d<hash of the changes>} appended: the
 * same changes give the same id, different changes a different one (builds are write-once).
 */
public final class GitBuildId {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private GitBuildId() {
    }

    public static BuildId of(Path workTree) {
        String line = run(workTree, "git", "log", "-1", "--format=%ct %h", "--abbrev=7");
        String[] parts = line.split(" ");
        if (parts.length != 2) {
            throw InvalidInputException.of(noGit("the git strategy found no commit in " + workTree + "."));
        }
        Instant commitTime = Instant.ofEpochSecond(Long.parseLong(parts[0]));
        String id = TIME.format(commitTime) + "-" + parts[1];
        String changes = run(workTree, "git", "status", "--porcelain=v1", "--untracked-files=all")
                + run(workTree, "git", "diff", "HEAD");
        if (!changes.isBlank()) {
            id += "-d" + Sha256.hex(changes.getBytes(StandardCharsets.UTF_8)).substring(0, 7);
        }
        return BuildId.of(id);
    }

    private static String run(Path workTree, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(workTree.toFile())
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw InvalidInputException.of(noGit("git did not answer within 30 s in " + workTree + "."));
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw InvalidInputException.of(noGit("the git strategy needs a git work tree with at least one"
                        + " commit, but git said: " + firstLine(text)));
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the git commit", e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the git commit", e);
        } catch (IOException e) {
            throw InvalidInputException.of(noGit("the git strategy needs the git command, which could not run: "
                    + e.getMessage()));
        }
    }


    private static Problem noGit(String what) {
        return new Problem("<buildIdStrategy> / -DedgeDeploy.buildIdStrategy", what,
                "use -DedgeDeploy.buildIdStrategy=content or random, or give -DedgeDeploy.buildId=<id>.");
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
