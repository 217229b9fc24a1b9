package dev.edgedeploy.maven.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mvn} process building a consumer project (a copy of an example) with the plugin the invoker installed
 * into the isolated local repository, exactly as a user's command line would. Its output goes to a log file, quoted
 * by {@link #awaitExit(Duration)} so a failing assertion shows what Maven said.
 */
final class ConsumerBuild {

    /** How a finished build ended. */
    record Result(String name, int exitCode, String output, Path log) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** The last lines of the output, for an assertion message. */
        String tail() {
            String[] lines = output.split("\n");
            return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
        }
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ConsumerBuild(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mvn -B <arguments>} on {@code project}.
     *
     * @param settings the settings that let the isolated local repository take third-party artifacts from the
     *     developer's own (src/it/settings.xml, interpolated)
     */
    static ConsumerBuild start(String name, Path mavenHome, Path project, Path settings, Path localRepository,
            List<String> arguments, Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(mavenHome.resolve("bin").resolve("mvn").toString());
        command.addAll(List.of("-B", "-ntp", "-f", project.resolve("pom.xml").toString(), "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepository));
        command.addAll(arguments);
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // no instance metadata on the build machines: the SDK must not wait for it
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            builder.environment().remove("MAVEN_OPTS");
            Files.writeString(logDirectory.resolve(name + ".command"), String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8);
            return new ConsumerBuild(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Maven for " + name + ": " + command, e);
        }
    }

    /** Whether it still runs, or how it ended, with the end of its log. */
    String describe() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return state + ", log " + log + " ends with:\n" + result(process.isAlive() ? -1 : process.exitValue()).tail();
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the build to end, at most {@code bound}; a build still running then is stopped and reported. */
    Result awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            stop();
            throw new AssertionError("mvn (" + name + ") did not finish within " + bound.toSeconds() + " s; its log "
                    + log + " ends with:\n" + result(-1).tail());
        }
        return result(process.exitValue());
    }

    /** Stops the build and its child processes (npm, node). */
    void stop() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Result result(int exitCode) {
        try {
            return new Result(name, exitCode, Files.readString(log, StandardCharsets.UTF_8), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + name + ": " + log, e);
        }
    }
}
