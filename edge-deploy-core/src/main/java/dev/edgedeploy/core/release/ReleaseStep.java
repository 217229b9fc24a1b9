package dev.edgedeploy.core.release;

/**
 * One thing the release did or saw, as the deployment record lists it.
 *
 * @param at when, ISO-8601 UTC
 * @param step what kind of step: {@code lock}, {@code publish}, {@code distribution}, {@code shift}, …
 * @param detail what happened, in a sentence
 */
public record ReleaseStep(String at, String step, String detail) {
}
