package dev.edgedeploy.sandbox.lambda;

import java.nio.file.Path;

/**
 * A deployment package as Lambda stores it: the zip, its size and hash, and where it is unpacked (once per
 * distinct zip, shared by every version that carries it).
 *
 * @param sha256 base64 SHA-256 of the zip bytes, Lambda's {@code CodeSha256}
 * @param size the zip's byte count, Lambda's {@code CodeSize}
 * @param zip the stored zip
 * @param directory the unpacked task root
 */
record CodePackage(String sha256, long size, Path zip, Path directory) {
}
