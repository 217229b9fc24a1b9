package dev.edgedeploy.sandbox.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;

/** Small deployment packages built in the test. */
final class Bundles {

    private Bundles() {
    }

    /** A zip of the given files (name to UTF-8 text), entries sorted with a fixed time so the bytes are stable. */
    static SdkBytes zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    /** An ESM handler module {@code index.mjs} with the given source. */
    static SdkBytes handler(String source) {
        return zip(Map.of("index.mjs", source));
    }

    /** A handler that answers what Lambda told it about itself. */
    static SdkBytes introspecting(String marker) {
        return handler("""
                let invocations = 0;
                export const handler = async (event, context) => {
                  invocations += 1;
                  return {
                    marker: '%s',
                    invocations,
                    event,
                    pid: process.pid,
                    functionName: context.functionName,
                    functionVersion: context.functionVersion,
                    invokedFunctionArn: context.invokedFunctionArn,
                    awsRequestId: context.awsRequestId,
                    remaining: context.getRemainingTimeInMillis(),
                    env: {
                      AWS_REGION: process.env.AWS_REGION,
                      AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME,
                      AWS_LAMBDA_FUNCTION_VERSION: process.env.AWS_LAMBDA_FUNCTION_VERSION,
                      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
                      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
                      AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN,
                      GREETING: process.env.GREETING,
                    },
                  };
                };
                """.formatted(marker));
    }

    /** Base64 SHA-256, Lambda's CodeSha256. */
    static String sha256(SdkBytes zip) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip.asByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
