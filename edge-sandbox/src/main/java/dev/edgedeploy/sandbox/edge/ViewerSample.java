package dev.edgedeploy.sandbox.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What every viewer of a {@link ViewerPanel} got in one round of requests, in the panel's viewer order.
 *
 * @param answers one per viewer, in the panel's order
 * @param startedAt when the round's first request was sent (wall clock)
 * @param finishedAt when its last answer arrived (wall clock)
 */
public record ViewerSample(List<Answer> answers, Instant startedAt, Instant finishedAt) {

    /**
     * One viewer's answer.
     *
     * @param viewer who asked
     * @param status the HTTP status
     * @param buildId the {@value ViewerPanel#BUILD_HEADER} response header, null when absent
     * @param servedBy the {@code x-amz-cf-pop} response header: the edge location that answered
     * @param answeredAt when the answer arrived (wall clock)
     */
    public record Answer(Viewer viewer, int status, String buildId, String servedBy, Instant answeredAt) {

        public Answer {
            Objects.requireNonNull(viewer, "viewer");
            Objects.requireNonNull(answeredAt, "answeredAt");
        }

        /** A 200 naming a build: what a viewer on the widget gets. */
        public boolean served() {
            return status == 200 && buildId != null;
        }

        /** Served and on {@code build}. */
        public boolean on(String build) {
            return served() && build.equals(buildId);
        }
    }

    public ViewerSample {
        answers = List.copyOf(answers);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** How many viewers were asked. */
    public int size() {
        return answers.size();
    }

    /** From the first request to the last answer. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The viewers served {@code buildId}. */
    public long count(String buildId) {
        Objects.requireNonNull(buildId, "buildId");
        return answers.stream().filter(answer -> answer.on(buildId)).count();
    }

    /** The share (0–1) of all viewers served {@code buildId}; failures count in the denominator. */
    public double share(String buildId) {
        return answers.isEmpty() ? 0 : (double) count(buildId) / answers.size();
    }

    /** Whether every viewer was served {@code buildId}. */
    public boolean allOn(String buildId) {
        return !answers.isEmpty() && answers.stream().allMatch(answer -> answer.on(buildId));
    }

    /** Viewers served per build id, sorted by build id; failures are not counted. */
    public Map<String, Long> builds() {
        Map<String, Long> builds = new TreeMap<>();
        answers.stream().filter(Answer::served).forEach(answer -> builds.merge(answer.buildId(), 1L, Long::sum));
        return builds;
    }

    /** The answers that are not a 200 naming a build. */
    public List<Answer> failures() {
        return answers.stream().filter(answer -> !answer.served()).toList();
    }

    /** The viewers served {@code buildId}, in panel order. */
    public List<Viewer> viewersOn(String buildId) {
        Objects.requireNonNull(buildId, "buildId");
        return viewersWhere(answer -> answer.on(buildId));
    }

    /**
     * The viewers whose answer differs from {@code earlier}'s in build or in being served at all.
     *
     * @throws IllegalArgumentException when {@code earlier} asked other viewers
     */
    public List<Viewer> changedSince(ViewerSample earlier) {
        requireSameViewers(earlier);
        List<Viewer> changed = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer now = answers.get(i);
            Answer then = earlier.answers.get(i);
            if (now.served() != then.served() || !Objects.equals(now.buildId(), then.buildId())) {
                changed.add(now.viewer());
            }
        }
        return changed;
    }

    /**
     * The viewers served {@code buildId} in {@code earlier} and not now: for a growing canary, the ones it lost.
     *
     * @throws IllegalArgumentException when {@code earlier} asked other viewers
     */
    public List<Viewer> leftSince(ViewerSample earlier, String buildId) {
        requireSameViewers(earlier);
        List<Viewer> left = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (earlier.answers.get(i).on(buildId) && !answers.get(i).on(buildId)) {
                left.add(answers.get(i).viewer());
            }
        }
        return left;
    }

    private List<Viewer> viewersWhere(Predicate<Answer> test) {
        return answers.stream().filter(test).map(Answer::viewer).toList();
    }

    private void requireSameViewers(ViewerSample earlier) {
        Objects.requireNonNull(earlier, "earlier");
        boolean same = earlier.answers.size() == answers.size();
        for (int i = 0; same && i < answers.size(); i++) {
            same = earlier.answers.get(i).viewer().equals(answers.get(i).viewer());
        }
        if (!same) {
            throw new IllegalArgumentException("the samples asked different viewers: compare samples of one panel");
        }
    }

    /** E.g. {@code 1000 viewers: b1 702, b2 298, 0 failed, in 812 ms}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(answers.size()).append(" viewers: ");
        builds().forEach((build, count) -> text.append(build).append(' ').append(count).append(", "));
        return text.append(failures().size()).append(" failed, in ").append(duration().toMillis()).append(" ms")
                .toString();
    }
}
