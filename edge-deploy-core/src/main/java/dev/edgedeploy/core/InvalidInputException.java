package dev.edgedeploy.core;

import java.util.List;
import java.util.stream.Collectors;

/** The build output or the configuration is unusable; lists every problem, not just the first. */
public final class InvalidInputException extends EdgeDeployException {

    private final List<Problem> problems;

    public InvalidInputException(String summary, List<Problem> problems) {
        super(render(summary, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static InvalidInputException of(Problem problem) {
        return new InvalidInputException("Invalid configuration", List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public boolean userFixable() {
        return true;
    }

    private static String render(String summary, List<Problem> problems) {
        return summary + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
