package dev.edgedeploy.core;

import java.util.Objects;

/**
 * One thing wrong with the input, found before any remote change.
 *
 * @param subject the file (relative to the output directory) or the setting ({@code <entry>} /
 *     {@code -DedgeDeploy.entry}) at fault
 * @param what what is wrong, in a sentence
 * @param fix how to fix it, in a sentence
 */
public record Problem(String subject, String what, String fix) {

    public Problem {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(fix, "fix");
    }

    @Override
    public String toString() {
        return subject + ": " + what + " Fix: " + fix;
    }
}
