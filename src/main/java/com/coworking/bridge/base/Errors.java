package com.coworking.bridge.base;

import java.sql.SQLException;

/** Describes a failure in one line for logs, reasons and dead letters, with the database's own message for SQL errors. */
public final class Errors {

    /** The failure an error handler caught, described (bean {@code errors} in the routes). */
    public static String caught(org.apache.camel.Exchange exchange) {
        return describe(exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    public static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                // Spring's message ("bad SQL grammar [...]") hides what PostgreSQL said; PostgreSQL's words name the problem.
                return text + " - PostgreSQL: " + sql.getMessage();
            }
        }
        return text;
    }
}
