package com.coworking.bridge;

import org.apache.camel.FailedToCreateRouteException;

/**
 * A set-up that cannot work: a setting, a file or the host is wrong, and no retry would help. Its message names the
 * setting (or file and line) and the fix; the start stops with that one line (see {@link BridgeApplication}).
 */
public class SetupProblem extends IllegalArgumentException {

    public SetupProblem(String message) {
        super(message);
    }

    public SetupProblem(String message, Throwable cause) {
        super(message, cause);
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
