package dev.shouli.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.shouli.core.logging.MaskingValueMasker;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.slf4j.LoggerFactory;

/**
 * Captures what the gateway's log lines look like once written, in both formats: every event is formatted by
 * the production text layout (logback-text.xml) and by a JSON encoder configured as
 * logback-json.xml. While capturing, every logger is at DEBUG.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** Loggers of test infrastructure (the fake mail server), not of the product. */
    private static final List<String> NOT_OURS = List.of("com.icegreen");

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Layout<ILoggingEvent> text;
    private final LogstashEncoder json = new LogstashEncoder();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final List<String> textLines = new CopyOnWriteArrayList<>();
    private final List<String> jsonLines = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    public LogCapture() {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("console");
        if (console == null) {
            throw new IllegalStateException("logback.xml has no text 'console' appender on the root logger");
        }
        Encoder<ILoggingEvent> encoder = console.getEncoder();
        text = ((LayoutWrappingEncoder<ILoggingEvent>) encoder).getLayout();
        MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
        masking.addValueMasker(new MaskingValueMasker());
        json.setJsonGeneratorDecorator(masking);
        json.setContext(context);
        json.start();
        setContext(context);
        setName("capture");
        start();
        for (Logger logger : context.getLoggerList()) {
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (NOT_OURS.stream().anyMatch(prefix -> event.getLoggerName().startsWith(prefix))) {
            return;
        }
        textLines.add(text.doLayout(event));
        jsonLines.add(new String(json.encode(event), StandardCharsets.UTF_8));
    }

    public List<String> textLines() {
        return List.copyOf(textLines);
    }

    public List<String> jsonLines() {
        return List.copyOf(jsonLines);
    }

    /** Everything captured in both formats, as one text. */
    public String all() {
        return String.join("", textLines) + String.join("", jsonLines);
    }

    @Override
    public void close() {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        levels.forEach(Logger::setLevel);
        stop();
        json.stop();
    }
}
