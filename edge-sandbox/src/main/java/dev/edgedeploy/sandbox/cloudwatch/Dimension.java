package dev.edgedeploy.sandbox.cloudwatch;

/** One name/value pair of a metric's identity. */
record Dimension(String name, String value) {
}
