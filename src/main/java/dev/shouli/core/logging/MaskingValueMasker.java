package dev.shouli.core.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * The same safety net for JSON log lines: every string value the encoder writes (message, stack trace, MDC,
 * logger arguments) goes through {@link PersonalDataMask}.
 */
public final class MaskingValueMasker implements ValueMasker {

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (value instanceof CharSequence text) {
            String original = text.toString();
            String masked = PersonalDataMask.mask(original);
            return masked.equals(original) ? null : masked;
        }
        return null;
    }
}
