package dev.edgedeploy.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployTargetsTest {

    @Test
    void theBucketInUsEast1IsThePrimaryAndTheRestAreReplicasInOrder() {
        DeployTarget target = DeployTargets.of(List.of(new BucketTarget("eu-west-1", "assets-euw1"),
                new BucketTarget("us-east-1", "assets-use1"), new BucketTarget("ap-southeast-2", "assets-apse2")));
        assertThat(target.primary()).isEqualTo(new BucketTarget("us-east-1", "assets-use1"));
        assertThat(target.replicas()).extracting(BucketTarget::region).containsExactly("eu-west-1", "ap-southeast-2");
        assertThat(target.all()).hasSize(3).first().isEqualTo(target.primary());
    }

    @Test
    void refusesATargetWithoutAPrimaryInUsEast1() {
        assertThatThrownBy(() -> DeployTargets.of(List.of(new BucketTarget("eu-west-1", "assets-euw1"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("us-east-1");
    }

    @Test
    void refusesAnEmptyBucketList() {
        assertThatThrownBy(() -> DeployTargets.of(List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<buckets>");
    }

    @Test
    void listsEveryProblemAtOnce() {
        InvalidInputException failure = (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> DeployTargets.of(List.of(new BucketTarget("us-east-1", "Bad_Name"),
                        new BucketTarget("us-east-1", "assets.with.dots"), new BucketTarget("mars-1", "ok-bucket"))));
        assertThat(failure.problems()).extracting(p -> p.what())
                .anyMatch(w -> w.contains("'Bad_Name' is not a valid S3 bucket name"))
                .anyMatch(w -> w.contains("'assets.with.dots' is not a valid S3 bucket name"))
                .anyMatch(w -> w.contains("two buckets are configured for region us-east-1"))
                .anyMatch(w -> w.contains("'mars-1' is not an AWS region name"));
    }
}
