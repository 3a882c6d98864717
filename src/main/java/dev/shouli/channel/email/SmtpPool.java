package dev.shouli.channel.email;

import dev.shouli.core.outbox.HandOver;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Up to {@code size} SMTP connections to the mailer, kept open between mails: a mail on a warm connection is four
 * commands and the message, where a new connection adds the greeting, EHLO, TLS and login. A connection idle for a
 * minute is closed (servers close theirs after a few); one the server closed is dropped and replaced. Everything
 * runs on one Vert.x context, so the pool needs no locks.
 */
final class SmtpPool {

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Vertx vertx;
    private final Context context;
    private final NetClient client;
    private final SmtpSession.Settings settings;
    private final int size;
    private final Deque<SmtpSession> idle = new ArrayDeque<>();
    private final Deque<Promise<SmtpSession>> waiting = new ArrayDeque<>();
    private final long sweeper;
    private int open;

    SmtpPool(Vertx vertx, SmtpSession.Settings settings, int size) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.size = size;
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMillis()))
                .setTcpNoDelay(true));
        this.sweeper = vertx.setPeriodic(30_000, id -> context.runOnContext(v -> closeIdle()));
    }

    /**
     * Sends one message (see {@link SmtpSession#transaction}). A connection found closed before anything was sent
     * is replaced and the message tried once more on a new one.
     */
    Future<String> send(String from, List<String> to, Buffer data, HandOver handOver) {
        Promise<String> result = Promise.promise();
        context.runOnContext(v -> attempt(from, to, data, handOver, true).onComplete(result));
        return result.future();
    }

    private Future<String> attempt(String from, List<String> to, Buffer data, HandOver handOver, boolean again) {
        return acquire().compose(session -> {
            boolean reused = session.carried() > 0 && again;
            return session.transaction(from, to, data, handOver).transform(done -> {
                if (done.succeeded()) {
                    release(session);
                    return Future.succeededFuture(done.result());
                }
                if (!session.usable()) {
                    dropped();
                    if (reused && done.cause() instanceof SmtpSession.SessionFailure) {
                        // The server had closed the idle connection; nothing of this mail reached it.
                        return attempt(from, to, data, handOver, false);
                    }
                    return Future.failedFuture(done.cause());
                }
                session.reset().onComplete(r -> {
                    if (r.succeeded()) {
                        release(session);
                    } else {
                        session.close();
                        dropped();
                    }
                });
                return Future.failedFuture(done.cause());
            });
        });
    }

    private Future<SmtpSession> acquire() {
        while (!idle.isEmpty()) {
            SmtpSession s = idle.pop();
            if (s.usable()) {
                return Future.succeededFuture(s);
            }
            open--;
        }
        if (open < size) {
            open++;
            return SmtpSession.open(vertx, client, settings).onFailure(e -> dropped());
        }
        Promise<SmtpSession> p = Promise.promise();
        waiting.add(p);
        return p.future();
    }

    private void release(SmtpSession session) {
        Promise<SmtpSession> next = waiting.poll();
        if (next != null) {
            next.complete(session);
        } else {
            idle.push(session);
        }
    }

    /** A connection is gone: a waiting sender gets a new one in its place. */
    private void dropped() {
        open--;
        Promise<SmtpSession> next = waiting.poll();
        if (next != null) {
            open++;
            SmtpSession.open(vertx, client, settings).onFailure(e -> dropped()).onComplete(next);
        }
    }

    private void closeIdle() {
        idle.removeIf(s -> {
            if (s.usable() && s.idleNanos() < IDLE_NANOS) {
                return false;
            }
            s.quit();
            open--;
            return true;
        });
    }

    Future<Void> close() {
        vertx.cancelTimer(sweeper);
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            idle.forEach(SmtpSession::quit);
            idle.clear();
            client.close().onComplete(done);
        });
        return done.future();
    }
}
