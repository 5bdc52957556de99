package com.coworking.bridge.base;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.FailedToCreateRouteException;
import com.coworking.bridge.BridgeApplication;

/**
 * A set-up that cannot work: a setting, a file or the host is wrong, and no retry would help. Its message names the
 * setting (or file and line) and the fix; the start stops with that one line (see {@link BridgeApplication}).
 */
public class SetupProblem extends IllegalArgumentException {

    /** One line per mistake; a start names them all in its one line, {@code --check} prints one line each. */
    private final List<String> problems;

    public SetupProblem(String message) {
        this(message, List.of(message));
    }

    public SetupProblem(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Several mistakes found together: {@code message} says them all on one line, {@code problems} one per line. */
    public SetupProblem(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /**
     * The problems a failure names, one per line: those of the first set-up problem in the chain, or else the one line
     * of {@link #describe}.
     */
    public static List<String> lines(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SetupProblem problem) {
                return problem.problems;
            }
        }
        return List.of(describe(failure));
    }

    /**
     * Checks settings one after another and names every mistake at once, so that a fix is not followed by the next
     * refusal: each check's set-up problem is kept, and {@link #throwIfAny} ends with all of them.
     */
    public static final class Collector {
        private final List<String> problems = new ArrayList<>();

        /** The value, or null when the settings it is made from are wrong (the problem is kept). */
        public <T> T check(Supplier<T> value) {
            try {
                return value.get();
            } catch (SetupProblem problem) {
                problems.addAll(problem.problems);
                return null;
            }
        }

        public void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new SetupProblem(String.join("; ", problems), problems);
            }
        }
    }

    /**
     * One line for a failed start: the message of the first set-up problem in the chain, or else the innermost cause's
     * type and message (Camel and the libraries wrap it several times over).
     */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        String route = "";
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SetupProblem problem) {
                return problem.getMessage();
            }
            if (cause instanceof FailedToCreateRouteException broken && route.isEmpty()) {
                route = "route " + broken.getRouteId() + ": ";
            }
            root = cause;
        }
        return route + root.getClass().getSimpleName() + ": " + oneLine(String.valueOf(root.getMessage()));
    }

    /**
     * Camel's YAML errors span lines: the problem, "in file:..., line N, column M:", then the source line and a caret.
     * Kept: the problem and where it is, on one line.
     */
    static String oneLine(String message) {
        String[] lines = message.strip().split("\\R");
        StringBuilder line = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().startsWith("in file:")) {
                line.append(" (").append(lines[i].strip().replaceAll(":$", "")).append(')');
            }
        }
        return line.toString();
    }
}
