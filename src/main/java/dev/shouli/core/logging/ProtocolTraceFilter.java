package dev.shouli.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Keeps wire traces out of the log at every level: below INFO, some libraries write whole conversations —
 * Vert.x's mail client writes every line of a receipt it sends (greeting, name and all, quoted-printable),
 * the SMTP listener every command, Netty's LoggingHandler hex dumps of traffic. Content-shaped data in another
 * encoding gets past {@link PersonalDataMask}, so these loggers' debug and trace events are dropped before any
 * appender sees them, whatever level an operator sets.
 */
public final class ProtocolTraceFilter extends TurboFilter {

    private static final List<String> TRACING_LOGGERS = List.of(
            "io.vertx.ext.mail",
            "org.subethamail",
            "io.netty.handler.logging",
            "org.eclipse.angus.mail",
            "jakarta.mail");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != null && !level.isGreaterOrEqual(Level.INFO) && isTracing(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    static boolean isTracing(String loggerName) {
        for (String prefix : TRACING_LOGGERS) {
            if (loggerName.equals(prefix) || loggerName.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
