package dev.edgedeploy.sandbox.codedeploy;

import java.time.Instant;

/** A CodeDeploy application. */
record Application(String name, String id, String computePlatform, Instant createTime) {
}
