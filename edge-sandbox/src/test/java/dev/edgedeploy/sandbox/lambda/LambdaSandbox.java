package dev.edgedeploy.sandbox.lambda;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** A started {@link LambdaService} with a real SDK client pointed at it. */
final class LambdaSandbox implements AutoCloseable {

    static final String ROLE = "arn:aws:iam::123456789012:role/edge-deploy-lambda";

    final LambdaService service;
    final LambdaClient lambda;

    private LambdaSandbox(LambdaService service, LambdaClient lambda) {
        this.service = service;
        this.lambda = lambda;
    }

    static LambdaSandbox start(Path work, UnaryOperator<LambdaService.Settings> settings) throws IOException {
        LambdaService service = LambdaService.start(
                settings.apply(LambdaService.Settings.defaults(work).withUpdateDelay(java.time.Duration.ZERO)));
        LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSANDBOXTEST", "sandbox-test-secret")))
                .httpClient(ApacheHttpClient.create())
                .build();
        return new LambdaSandbox(service, lambda);
    }

    /** Creates a Node.js 22 function with the given code and Lambda's defaults otherwise. */
    CreateFunctionResponse create(String name, SdkBytes zip, Consumer<CreateFunctionRequest.Builder> more) {
        CreateFunctionRequest.Builder request = CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(Runtime.NODEJS22_X)
                .role(ROLE)
                .handler("index.handler")
                .code(code -> code.zipFile(zip));
        more.accept(request);
        return lambda.createFunction(request.build());
    }

    CreateFunctionResponse create(String name, SdkBytes zip) {
        return create(name, zip, request -> { });
    }

    @Override
    public void close() {
        lambda.close();
        service.close();
    }
}
