package dev.shouli.core.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The id of the request a piece of work serves, so one complaint can be followed from its HTTP request through
 * the intake log line, the stored submission, the case history and the outbox deliveries — without any personal
 * data in the logs. An id sent by the client ({@code X-Request-Id}) is kept when it is short and plain; anything
 * else is replaced by a generated one.
 *
 * <p>Vert.x runs each HTTP request on a duplicated context of its own; the id lives in that context's local data,
 * so every callback of the request sees it and no other request does. Work without a request (an SMTP session,
 * the IMAP poller, a sweeper) gets a fresh id per intake.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    /** Name of the id in the MDC (and so in JSON log lines). */
    public static final String MDC_KEY = "requestId";

    /** Letters, digits and {@code . _ : -}, at most 64: a trace id, a UUID, a ULID. Nothing to inject into a log. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Object KEY = RequestId.class;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestId() {
    }

    /** @return the client's id when it is acceptable, else a new one */
    public static String acceptOrGenerate(String fromClient) {
        return fromClient != null && ACCEPTED.matcher(fromClient).matches() ? fromClient : generate();
    }

    /** 96 random bits as 24 hex digits. */
    public static String generate() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Binds {@code id} to the current request's context; a no-op outside a request's (duplicated) context. */
    public static void bind(String id) {
        if (Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate()) {
            context.localContextData().put(KEY, id);
        }
    }

    /** @return the id of the request being served on this context, or null */
    public static String current() {
        Context context = Vertx.currentContext();
        if (context instanceof ContextInternal internal && internal.isDuplicate()) {
            Object id = internal.localContextData().get(KEY);
            return id instanceof String s ? s : null;
        }
        return null;
    }

    /** @return the current request's id, or a new one for work that no request started */
    public static String currentOrNew() {
        String id = current();
        return id != null ? id : generate();
    }

    /** Runs {@code logging} with {@code id} in the MDC, so text and JSON log lines both carry it. */
    public static void withMdc(String id, Runnable logging) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            logging.run();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
