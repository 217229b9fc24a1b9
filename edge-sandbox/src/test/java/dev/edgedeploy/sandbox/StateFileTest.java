package dev.edgedeploy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    record Alarm(String name, String state) {
    }

    record Alarms(String region, List<Alarm> alarms) {
    }

    @TempDir
    Path root;

    @Test
    void readsBackWhatItWroteAndLeavesOnlyTheStateFileBehind() throws IOException {
        Path directory = root.resolve("cloudwatch");
        StateFile<Alarms> file = StateFile.in(directory, "cloudwatch", 1, Alarms.class);
        Alarms alarms = new Alarms("us-east-1", List.of(new Alarm("edge-errors", "OK"), new Alarm("edge-5xx", null)));

        file.write(new Alarms("us-east-1", List.of()));
        file.write(alarms);

        assertThat(StateFile.in(directory, "cloudwatch", 1, Alarms.class).read()).contains(alarms);
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(directory.resolve("cloudwatch-state.json"));
        }
    }

    @Test
    void findsNothingBeforeTheFirstWrite() {
        assertThat(StateFile.in(root.resolve("codedeploy"), "codedeploy", 1, Alarms.class).read()).isEmpty();
    }

    @Test
    void refusesAnotherServicesFileNamingTheFileAndTheFix() {
        StateFile.in(root, "cloudwatch", 1, Alarms.class).write(new Alarms("us-east-1", List.of()));
        Path renamed = root.resolve("codedeploy-state.json");
        assertThat(root.resolve("cloudwatch-state.json").toFile().renameTo(renamed.toFile())).isTrue();

        assertThatThrownBy(() -> StateFile.in(root, "codedeploy", 1, Alarms.class).read())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(renamed.toString())
                .hasMessageContaining("not a codedeploy state file")
                .hasMessageContaining("Fix: delete " + root);
    }

    @Test
    void refusesAStateThatDoesNotFitTheSnapshotType() throws IOException {
        Path file = root.resolve("cloudwatch-state.json");
        Files.writeString(file, "{\"service\":\"cloudwatch\",\"schemaVersion\":1,\"state\":{\"alarms\":\"many\"}}");

        assertThatThrownBy(() -> StateFile.in(root, "cloudwatch", 1, Alarms.class).read())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not fit");
    }

    @Test
    void inMemoryStateIsNeverWritten() {
        StateFile<Alarms> memory = StateFile.inMemory("cloudwatch", Alarms.class);

        memory.write(new Alarms("us-east-1", List.of()));

        assertThat(memory.file()).isEmpty();
        assertThat(memory.read()).isEmpty();
    }
}
