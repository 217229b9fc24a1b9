package dev.edgedeploy.maven;

import java.util.Map;

/**
 * Keeps credentials out of the Maven log even with {@code -X} (G9): the libraries under the AWS calls log request
 * headers, {@code Authorization} and {@code X-Amz-Security-Token} included, at DEBUG. Maven's SLF4J provider reads a
 * logger's level from system properties when the logger is created, so this runs before any client or server
 * starts. A level the user set explicitly (e.g. {@code -Dorg.slf4j.simpleLogger.log.org.apache.http=debug}) is kept.
 */
final class LogHygiene {

    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final Map<String, String> LEVELS = Map.of(
            // the AWS SDK's HTTP client: wire and header logs carry signatures and session tokens
            "org.apache.http.wire", "info",
            "org.apache.http.headers", "info",
            // the sandbox's s3proxy and its Jetty: every request's headers at DEBUG, start and stop at INFO
            "org.gaul", "warn");

    private LogHygiene() {
    }

    static void apply() {
        LEVELS.forEach((logger, level) -> {
            if (System.getProperty(PREFIX + logger) == null) {
                System.setProperty(PREFIX + logger, level);
            }
        });
    }
}
