package dev.edgedeploy.core.release;

import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The Lambda@Edge function of a release: created on the first release if missing, checked against the Lambda@Edge
 * restrictions otherwise, its code updated and a version published with the CodeSha256 and RevisionId guards. The
 * version's description, {@code edge-deploy <buildId>}, says which build it carries as green. A bundle whose
 * CodeSha256 an existing version already has publishes nothing (G4).
 */
public final class EdgeFunction {

    public static final Runtime RUNTIME = Runtime.NODEJS22_X;
    public static final String HANDLER = "index.handler";
    public static final String DESCRIPTION_PREFIX = "edge-deploy ";
    /** Origin-request limits are larger, but these fit every trigger: one function for entry and assets. */
    static final int MEMORY_MB = 128;
    static final int TIMEOUT_SECONDS = 5;
    private static final Pattern DESCRIPTION = Pattern.compile("edge-deploy (\\S+)");

    private final LambdaClient lambda;
    private final String functionName;
    private final ReleaseJournal journal;

    EdgeFunction(LambdaClient lambda, String functionName, ReleaseJournal journal) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.journal = journal;
    }

    /** The alias, or empty when it does not exist yet (the first release). */
    public Optional<AliasState> alias(String alias) {
        try {
            return Optional.of(AliasState.of(lambda.getAlias(r -> r.functionName(functionName).name(alias))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The build a version carries as green, from its description. */
    public Optional<BuildId> buildOf(String version) {
        GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(r -> r.functionName(functionName)
                .qualifier(version));
        return buildIdIn(config.description());
    }

    /** The qualified ARN of a published version. */
    public String versionArn(String version) {
        return lambda.getFunctionConfiguration(r -> r.functionName(functionName).qualifier(version)).functionArn();
    }

    static Optional<BuildId> buildIdIn(String description) {
        Matcher matcher = description == null ? null : DESCRIPTION.matcher(description);
        return matcher != null && matcher.matches() ? Optional.of(BuildId.of(matcher.group(1))) : Optional.empty();
    }

    /**
     * Makes a version carrying {@code bundle}: reuses one with the same CodeSha256 and build, else updates the code
     * (creating the function on the first release) and publishes.
     *
     * @param roleArn the execution role for a function created here; null if it must exist
     */
    public PublishedVersion publish(EdgeBundle bundle, BuildId buildId, String roleArn) {
        String description = DESCRIPTION_PREFIX + buildId.value();
        Optional<GetFunctionConfigurationResponse> latest = latest();
        if (latest.isEmpty()) {
            create(bundle, roleArn);
        } else {
            check(latest.get());
            Optional<FunctionConfiguration> existing = versionWith(bundle.codeSha256(), description);
            if (existing.isPresent()) {
                journal.step("publish", "Edge function " + functionName + ": version " + existing.get().version()
                        + " already carries this bundle (CodeSha256 " + bundle.codeSha256() + "); nothing published");
                return new PublishedVersion(existing.get().version(), existing.get().functionArn(),
                        bundle.codeSha256(), false);
            }
            if (!latest.get().codeSha256().equals(bundle.codeSha256())) {
                String revision = latest.get().revisionId();
                lambda.updateFunctionCode(r -> r.functionName(functionName).zipFile(zip(bundle)).revisionId(revision));
                journal.step("publish", "Edge function " + functionName + ": code updated ("
                        + bundle.size() + " bytes), waiting until the update is done");
                lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(functionName));
            }
        }
        GetFunctionConfigurationResponse updated = lambda.getFunctionConfiguration(r -> r.functionName(functionName));
        if (!updated.codeSha256().equals(bundle.codeSha256())) {
            throw new ReleaseFailedException("Edge function " + functionName + " changed while this deploy updated"
                    + " it (CodeSha256 " + updated.codeSha256() + ", expected " + bundle.codeSha256() + "): another"
                    + " actor is updating it. Run the deploy again.");
        }
        PublishVersionResponse version = lambda.publishVersion(r -> r.functionName(functionName)
                .codeSha256(bundle.codeSha256()).revisionId(updated.revisionId()).description(description));
        lambda.waiter().waitUntilPublishedVersionActive(r -> r.functionName(functionName)
                .qualifier(version.version()));
        journal.step("publish", "Edge function " + functionName + ": published version " + version.version()
                + " (" + description + ", CodeSha256 " + bundle.codeSha256() + ")");
        return new PublishedVersion(version.version(), version.functionArn(), bundle.codeSha256(), true);
    }

    /** Every published version, oldest first. */
    public List<FunctionConfiguration> versions() {
        List<FunctionConfiguration> versions = new ArrayList<>();
        lambda.listVersionsByFunctionPaginator(r -> r.functionName(functionName)).versions().forEach(v -> {
            if (!"$LATEST".equals(v.version())) {
                versions.add(v);
            }
        });
        return versions;
    }

    private Optional<FunctionConfiguration> versionWith(String codeSha256, String description) {
        return versions().stream().filter(v -> codeSha256.equals(v.codeSha256()) && description.equals(v.description()))
                .reduce((first, second) -> second);
    }

    private Optional<GetFunctionConfigurationResponse> latest() {
        try {
            return Optional.of(lambda.getFunctionConfiguration(r -> r.functionName(functionName)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private void create(EdgeBundle bundle, String roleArn) {
        if (roleArn == null || roleArn.isBlank()) {
            throw new TargetException("The edge function " + functionName + " does not exist in us-east-1 and no"
                    + " execution role was given to create it: set <release><functionRoleArn> (a role trusted by"
                    + " lambda.amazonaws.com and edgelambda.amazonaws.com).", true, null);
        }
        lambda.createFunction(r -> r.functionName(functionName).runtime(RUNTIME).role(roleArn).handler(HANDLER)
                .memorySize(MEMORY_MB).timeout(TIMEOUT_SECONDS).publish(false)
                .code(code -> code.zipFile(zip(bundle))));
        journal.step("publish", "Edge function " + functionName + ": created in us-east-1 (" + RUNTIME
                + "), waiting until it is active");
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(functionName));
    }

    /** What Lambda@Edge refuses (AWS "Restrictions on Lambda@Edge"), found before CloudFront refuses it. */
    private void check(GetFunctionConfigurationResponse config) {
        List<String> problems = new ArrayList<>();
        if (config.runtime() != RUNTIME) {
            problems.add("its runtime is " + config.runtimeAsString() + ", not " + RUNTIME);
        }
        if (config.environment() != null && config.environment().hasVariables()
                && !config.environment().variables().isEmpty()) {
            problems.add("it has environment variables, which Lambda@Edge forbids");
        }
        if (!problems.isEmpty()) {
            throw new TargetException("The edge function " + functionName + " cannot run at the edge: "
                    + String.join("; ", problems) + ". Fix its configuration or name another function.", true, null);
        }
    }

    private static SdkBytes zip(EdgeBundle bundle) {
        try {
            return SdkBytes.fromByteArray(Files.readAllBytes(bundle.file()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the edge bundle " + bundle.file(), e);
        }
    }
}
