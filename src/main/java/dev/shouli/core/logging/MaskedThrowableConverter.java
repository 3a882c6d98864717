package dev.shouli.core.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %maskedEx}: the stack trace with personal data masked. Exception messages are the likeliest place for
 * an address or a number to slip in (a mail server's refusal, a constraint violation's DETAIL).
 */
public final class MaskedThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PersonalDataMask.mask(super.convert(event));
    }
}
