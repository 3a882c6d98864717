package dev.shouli.channel.form;

import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Answers a multipart post whose body ends inside a file part. Vert.x's BodyHandler waits for every file part to
 * end before it hands the request on, and a part the body cut off never ends: the browser waited for ever (no
 * answer after 60 s). This runs just before the body handler and watches: once the request has been read to its
 * end and the body handler has still not handed it on after a grace period, the request fails with 400.
 */
final class CutOffBodyCheck implements Handler<RoutingContext> {

    /** Put by the handler after the body handler: the body was read completely. */
    static final String BODY_READ = "shouli.form.bodyRead";
    /** Put here when the body was found cut off; the failures that follow from it need no answer of their own. */
    static final String CUT_OFF = "shouli.form.cutOff";
    private static final long CHECK_EVERY_MS = 250;
    /** Writing the last bytes of an upload to disk after the request ended takes far less than this. */
    private static final int CHECKS_AFTER_END = 8;

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            ctx.next();
            return;
        }
        int[] checksAfterEnd = {0};
        long timer = ctx.vertx().setPeriodic(CHECK_EVERY_MS, id -> {
            if (ctx.get(BODY_READ) != null || ctx.failed() || ctx.response().ended()) {
                ctx.vertx().cancelTimer(id);
            } else if (ctx.request().isEnded() && ++checksAfterEnd[0] >= CHECKS_AFTER_END) {
                ctx.vertx().cancelTimer(id);
                ctx.put(CUT_OFF, true);
                // The unfinished upload file goes once the answer is out: closing it fails the body handler's
                // copy to disk, a second failure that must not race the first one's answer.
                ctx.addEndHandler(ignored -> ctx.cancelAndCleanupFileUploads());
                ctx.fail(HttpProblem.badRequest("the multipart body ends inside a part, before its closing "
                        + "boundary: the upload was cut off"));
            }
        });
        ctx.addEndHandler(ignored -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }
}
