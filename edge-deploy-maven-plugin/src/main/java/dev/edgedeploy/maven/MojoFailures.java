package dev.edgedeploy.maven;

import dev.edgedeploy.core.EdgeDeployException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one mapping from core failures to Maven's: user-fixable → BUILD FAILURE, the rest → BUILD ERROR. */
final class MojoFailures {

    private MojoFailures() {
    }

    static void rethrow(RuntimeException failure) throws MojoExecutionException, MojoFailureException {
        if (failure instanceof EdgeDeployException known) {
            if (known.userFixable()) {
                throw new MojoFailureException(known.getMessage(), known);
            }
            throw new MojoExecutionException(known.getMessage(), known);
        }
        if (failure instanceof SdkException aws) {
            throw new MojoExecutionException("AWS call failed: " + aws.getMessage(), aws);
        }
        throw new MojoExecutionException("edge-deploy failed unexpectedly: " + failure, failure);
    }
}
