package com.coworking.bridge.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** The log message with secrets masked ({@code %maskedMsg} in logback.xml). */
public final class MaskedMessage extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SecretMask.mask(super.convert(event));
    }
}
