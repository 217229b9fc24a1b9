package dev.edgedeploy.sandbox.lambda;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The control plane's state as it is stored ({@link dev.edgedeploy.sandbox.StateFile}, {@code lambda-state.json}),
 * so functions, versions and aliases survive a restart of the sandbox (for example between two {@code mvn deploy}
 * runs), like the S3 sandbox's buckets do. Code packages are stored by the {@link CodeStore}, named here by hash.
 *
 * @param region the region the state was written for
 * @param accountId the account the state was written for
 * @param functions every function, by name
 */
record LambdaState(String region, String accountId, List<StoredFunction> functions) {

    /** Version 2: the shared state file's envelope; version 1 files carried the schema number inside. */
    static final int SCHEMA_VERSION = 2;

    /** One version as stored: its code by the zip's hex SHA-256, instants as ISO-8601 text. */
    record StoredVersion(String version, FunctionSettings settings, String codeHexSha256, String lastModified,
            String pendingRevisionId, String readyRevisionId, String pendingUntil, FunctionVersion.Transition transition) {

        static StoredVersion of(FunctionVersion version) {
            return new StoredVersion(version.version(), version.settings(),
                    HexFormat.of().formatHex(Base64.getDecoder().decode(version.code().sha256())),
                    version.lastModified().toString(), version.pendingRevisionId(), version.readyRevisionId(),
                    version.pendingUntil().toString(), version.transition());
        }

        FunctionVersion toVersion(CodeStore codeStore) {
            return new FunctionVersion(version, settings, codeStore.restore(codeHexSha256), Instant.parse(lastModified),
                    pendingRevisionId, readyRevisionId, Instant.parse(pendingUntil), transition);
        }
    }

    record StoredFunction(String name, StoredVersion latest, StoredVersion beforeUpdate, List<StoredVersion> versions,
            List<AliasConfiguration> aliases, int lastVersionNumber, Map<String, String> tags) {
    }
}
