package dev.edgedeploy.core.aws;

import java.util.Objects;

/**
 * Where the deployer's AWS credentials come from. Access keys are never a plugin parameter: production uses the
 * default chain, a named profile, or a role assumed on top of either; {@link StaticKeys} exists for the local
 * sandbox only. No {@code toString()} shows a secret.
 */
public sealed interface CredentialsSource {

    /** The AWS SDK's default chain: environment, system properties, web identity, SSO, profile, container, IMDS. */
    static CredentialsSource defaultChain() {
        return new DefaultChain();
    }

    /** A named profile of {@code ~/.aws/config} / {@code ~/.aws/credentials}. */
    static CredentialsSource profile(String name) {
        return new Profile(name);
    }

    /** Assumes {@code roleArn} through STS with credentials from this source. */
    default CredentialsSource assumingRole(String roleArn, String sessionName) {
        return new AssumedRole(this, roleArn, sessionName);
    }

    /** Fixed keys: only for the local sandbox, whose keys are public; never read them from a pom. */
    static CredentialsSource staticKeys(String accessKeyId, String secretAccessKey) {
        return new StaticKeys(accessKeyId, secretAccessKey);
    }

    record DefaultChain() implements CredentialsSource {
        @Override
        public String toString() {
            return "default credential chain";
        }
    }

    record Profile(String name) implements CredentialsSource {
        public Profile {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "profile " + name;
        }
    }

    record AssumedRole(CredentialsSource base, String roleArn, String sessionName) implements CredentialsSource {
        public AssumedRole {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(sessionName, "sessionName");
            if (base instanceof AssumedRole) {
                throw new IllegalArgumentException("role chaining is not supported: assume " + roleArn
                        + " from the default chain or a profile");
            }
        }

        @Override
        public String toString() {
            return "role " + roleArn + " assumed with " + base;
        }
    }

    record StaticKeys(String accessKeyId, String secretAccessKey) implements CredentialsSource {
        public StaticKeys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "static keys " + accessKeyId + "/****";
        }
    }
}
