package dev.edgedeploy.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitBuildIdTest {

    @TempDir
    Path repo;

    @Test
    void usesTheCommitTimeInUtcAndTheShortSha() throws Exception {
        commit("index.js", "1", "2026-11-24T10:11:12Z");
        BuildId id = GitBuildId.of(repo);
        String sha = git("rev-parse", "--short=7", "HEAD");
        assertThat(id.value()).isEqualTo("20261124-101112-" + sha);
    }

    @Test
    void theSameCommitAlwaysGetsTheSameId() throws Exception {
        commit("index.js", "1", "2026-11-24T10:11:12Z");
        assertThat(GitBuildId.of(repo)).isEqualTo(GitBuildId.of(repo));
    }

    @Test
    void uncommittedChangesGetTheirOwnStableSuffix() throws Exception {
        commit("index.js", "1", "2026-11-24T10:11:12Z");
        BuildId clean = GitBuildId.of(repo);
        Files.writeString(repo.resolve("index.js"), "2");
        BuildId dirty = GitBuildId.of(repo);
        assertThat(dirty.value()).startsWith(clean.value() + "-d").hasSize(clean.value().length() + 9);
        assertThat(GitBuildId.of(repo)).isEqualTo(dirty);
        Files.writeString(repo.resolve("index.js"), "3");
        assertThat(GitBuildId.of(repo)).isNotEqualTo(dirty);
    }

    @Test
    void outsideAGitWorkTreeTheFailureNamesTheOtherStrategies() {
        assertThatThrownBy(() -> GitBuildId.of(repo))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-DedgeDeploy.buildIdStrategy")
                .hasMessageContaining("content or random");
    }

    private void commit(String file, String content, String date) throws Exception {
        git("init", "-q");
        Files.writeString(repo.resolve(file), content);
        git("add", file);
        run(Map.of("GIT_COMMITTER_DATE", date, "GIT_AUTHOR_DATE", date),
                "git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "c");
    }

    private String git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return run(Map.of(), command.toArray(String[]::new));
    }

    private String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
