package dev.shouli.core.http;

import io.vertx.core.Handler;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Vert.x reports as unhandled on its threads. Logged at ERROR as Vert.x would, except the one a client causes
 * by going away mid-upload: Vert.x Web then cancels the upload's copy to disk after the file was closed and reports
 * {@code IllegalStateException: File handle is closed} — 2,000 ERROR lines in one drill, none of them an operator's
 * business.
 */
public final class UnhandledExceptions implements Handler<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnhandledExceptions.class);

    @Override
    public void handle(Throwable failure) {
        if (abandonedUpload(failure)) {
            LOG.debug("an upload ended when its client went away: {}", failure.toString());
        } else {
            LOG.error("Unhandled exception", failure);
        }
    }

    static boolean abandonedUpload(Throwable failure) {
        return failure instanceof IllegalStateException && Arrays.stream(failure.getStackTrace())
                .anyMatch(frame -> frame.getClassName().endsWith(".HttpServerFileUploadImpl"));
    }
}
