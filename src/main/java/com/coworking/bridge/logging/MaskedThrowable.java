package com.coworking.bridge.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A stack trace with secrets masked ({@code %maskedEx} in logback.xml): exception messages may quote requests. */
public final class MaskedThrowable extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SecretMask.mask(super.convert(event));
    }
}
