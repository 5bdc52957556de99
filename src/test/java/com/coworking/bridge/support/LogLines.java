package com.coworking.bridge.support;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** What some loggers write while a test runs, for tests of what the log says; close it to stop listening. */
public final class LogLines implements AutoCloseable {

    private final List<Logger> loggers;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private LogLines(List<Logger> loggers) {
        this.loggers = loggers;
        lines.start();
        loggers.forEach(logger -> logger.addAppender(lines));
    }

    public static LogLines of(String... loggerNames) {
        return new LogLines(java.util.Arrays.stream(loggerNames).map(name -> (Logger) LoggerFactory.getLogger(name)).toList());
    }

    /** The messages, with their arguments filled in, that a logger wrote at WARN or above. */
    public List<String> warnings(String loggerName) {
        return List.copyOf(lines.list).stream().filter(line -> line.getLoggerName().equals(loggerName))
                .filter(line -> line.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every message a logger wrote, at any level, with its arguments filled in. */
    public List<String> messages(String loggerName) {
        return List.copyOf(lines.list).stream().filter(line -> line.getLoggerName().equals(loggerName))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        loggers.forEach(logger -> logger.detachAppender(lines));
    }
}
