package dev.shouli.channel.email;

import dev.shouli.core.outbox.HandOver;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import dev.shouli.core.outbox.OutboxHandler.Unconfirmed;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One SMTP connection to the mailer (RFC 5321): greeting, EHLO, STARTTLS and AUTH as configured, then any number of
 * mail transactions, one at a time. A transaction writes the whole message but the line that ends its data, asks the
 * {@link HandOver} to record the item as sent, and only then ends the data: a server that loses the connection
 * before that line discards the message (RFC 5321 §3.8 and §4.1.1.4; Postfix logs "lost connection after DATA"), so
 * an instance killed at any earlier moment sends nothing, and one killed later has recorded the item — no mail is
 * ever sent twice. Used from one Vert.x context only (the pool's).
 */
final class SmtpSession {

    /** A reply: its code and the text of its lines. */
    record Reply(int code, List<String> lines) {
        boolean positive() {
            return code >= 200 && code < 300;
        }

        String text() {
            return code + " " + String.join(" ", lines);
        }
    }

    /** How to reach and greet the mailer. */
    record Settings(String host, int port, String startTls, String username, String password, String ehloName,
                    long timeoutMillis, ClientSSLOptions tls) {
    }

    /** A failure of the session itself (connecting, greeting, TLS, login): the mail was not sent, try again later. */
    static final class SessionFailure extends RuntimeException {
        SessionFailure(String message) {
            super(message);
        }
    }

    private final Vertx vertx;
    private final NetSocket socket;
    private final long timeoutMillis;
    private final List<String> lines = new ArrayList<>();
    private final Set<String> extensions = new HashSet<>();
    private Promise<Reply> pending;
    private long timer = -1;
    private boolean closed;
    private long lastUsed = System.nanoTime();
    private int carried;

    private SmtpSession(Vertx vertx, NetSocket socket, long timeoutMillis) {
        this.vertx = vertx;
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
        socket.handler(RecordParser.newDelimited("\r\n", this::line));
        socket.closeHandler(v -> broken("the mailer closed the connection"));
        socket.exceptionHandler(e -> broken("connection to the mailer failed: " + e.getMessage()));
    }

    /** Connects, reads the greeting, says EHLO, starts TLS and logs in as configured. */
    static Future<SmtpSession> open(Vertx vertx, NetClient client, Settings s) {
        return client.connect(s.port(), s.host())
                .recover(e -> Future.failedFuture(new SessionFailure("cannot connect to the mailer: " + e.getMessage())))
                .compose(socket -> {
                    SmtpSession session = new SmtpSession(vertx, socket, s.timeoutMillis());
                    return session.reply().compose(greeting -> session.expect(greeting, 220, "greeting"))
                            .compose(v -> session.ehlo(s.ehloName()))
                            .compose(v -> session.startTls(s))
                            .compose(v -> session.login(s))
                            .map(session)
                            .onFailure(e -> session.close());
                });
    }

    boolean usable() {
        return !closed;
    }

    /** How many transactions the session has carried (begun). */
    int carried() {
        return carried;
    }

    /** How long the session has been idle, in nanoseconds. */
    long idleNanos() {
        return System.nanoTime() - lastUsed;
    }

    /**
     * One mail transaction. Fails with {@link PermanentFailure} when the server refuses for good (5xx) and with another
     * exception when it refuses for now (4xx) or the connection fails — in both cases before anything was delivered —
     * and with {@link Unconfirmed} when the item was handed over and the server's answer to the end of the data never
     * came.
     *
     * @param data the message, dot-stuffed, every line ending in CRLF (see {@link #dotStuffed})
     */
    Future<String> transaction(String from, List<String> to, Buffer data, HandOver handOver) {
        lastUsed = System.nanoTime();
        carried++;
        Future<Void> envelope = command("MAIL FROM:<" + from + ">").compose(r -> refusal(r, "MAIL FROM"));
        for (String rcpt : to) {
            envelope = envelope.compose(v -> command("RCPT TO:<" + rcpt + ">")).compose(r -> refusal(r, "RCPT TO"));
        }
        return envelope
                .compose(v -> command("DATA"))
                .compose(r -> r.code() == 354 ? Future.<Void>succeededFuture() : refusal(r, "DATA"))
                .compose(v -> {
                    socket.write(data);
                    return handOver.record().recover(e -> {
                        // Not ours to send, or not recorded: the server must never see the end of this message.
                        close();
                        return Future.failedFuture(e);
                    });
                })
                .compose(v -> {
                    Future<Reply> answer = command(".").recover(e -> Future.failedFuture(new Unconfirmed(
                            "handed over, but no answer to the end of the data: " + e.getMessage())));
                    return answer.compose(r -> refusal(r, "the end of the data").map(x -> r.text()));
                })
                .onComplete(done -> lastUsed = System.nanoTime());
    }

    /** Clears a failed transaction so the connection can carry the next one. */
    Future<Void> reset() {
        return command("RSET").compose(r -> r.positive() ? Future.<Void>succeededFuture()
                : Future.failedFuture(new SessionFailure("RSET refused: " + r.text())));
    }

    /** Says goodbye and closes; never fails. */
    void quit() {
        if (closed) {
            return;
        }
        command("QUIT").onComplete(v -> close());
    }

    void close() {
        closed = true;
        socket.close();
    }

    private Future<Void> refusal(Reply r, String step) {
        if (r.positive()) {
            return Future.succeededFuture();
        }
        String what = "the mailer refused " + step + ": " + r.text();
        return Future.failedFuture(r.code() >= 500 ? new PermanentFailure(what) : new IllegalStateException(what));
    }

    private Future<Void> expect(Reply r, int code, String step) {
        return r.code() == code ? Future.succeededFuture()
                : Future.failedFuture(new SessionFailure("unexpected " + step + " from the mailer: " + r.text()));
    }

    private Future<Void> ehlo(String name) {
        return command("EHLO " + name).compose(r -> {
            if (!r.positive()) {
                // An old server without extensions.
                return command("HELO " + name).compose(h -> h.positive() ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new SessionFailure("HELO refused: " + h.text())));
            }
            extensions.clear();
            r.lines().stream().skip(1).forEach(l -> extensions.add(l.toUpperCase(Locale.ROOT)));
            return Future.succeededFuture();
        });
    }

    private boolean offers(String extension) {
        return extensions.stream().anyMatch(e -> e.equals(extension) || e.startsWith(extension + " "));
    }

    private Future<Void> startTls(Settings s) {
        boolean offered = offers("STARTTLS");
        if ("DISABLED".equals(s.startTls()) || !offered && "OPTIONAL".equals(s.startTls())) {
            return Future.succeededFuture();
        }
        if (!offered) {
            return Future.failedFuture(new SessionFailure("the mailer does not offer STARTTLS (mailer.startTls: REQUIRED)"));
        }
        return command("STARTTLS").compose(r -> expect(r, 220, "STARTTLS answer"))
                .compose(v -> socket.upgradeToSsl(s.tls(), s.host()))
                .recover(e -> Future.failedFuture(e instanceof SessionFailure ? e
                        : new SessionFailure("TLS with the mailer failed: " + e.getMessage())))
                .compose(v -> ehlo(s.ehloName()));
    }

    private Future<Void> login(Settings s) {
        if (s.username() == null) {
            return Future.succeededFuture();
        }
        String auth = extensions.stream().filter(e -> e.startsWith("AUTH")).findFirst().orElse("");
        String user = s.username();
        String password = s.password() == null ? "" : s.password();
        Future<Reply> answer;
        if (auth.contains("PLAIN")) {
            answer = command("AUTH PLAIN " + base64("\0" + user + "\0" + password));
        } else if (auth.contains("LOGIN")) {
            answer = command("AUTH LOGIN").compose(r -> r.code() == 334 ? command(base64(user))
                            : Future.succeededFuture(r))
                    .compose(r -> r.code() == 334 ? command(base64(password)) : Future.succeededFuture(r));
        } else {
            return Future.failedFuture(new SessionFailure("the mailer offers no AUTH PLAIN or LOGIN, and a username"
                    + " is configured"));
        }
        return answer.compose(r -> expect(r, 235, "answer to AUTH"));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Future<Reply> command(String line) {
        if (closed) {
            return Future.failedFuture(new SessionFailure("the connection to the mailer is closed"));
        }
        Future<Reply> reply = reply();
        socket.write(line + "\r\n");
        return reply;
    }

    private Future<Reply> reply() {
        Promise<Reply> p = Promise.promise();
        pending = p;
        timer = vertx.setTimer(timeoutMillis, id -> {
            if (pending == p) {
                broken("no answer from the mailer within " + timeoutMillis + " ms");
            }
        });
        return p.future();
    }

    private void line(Buffer buffer) {
        String l = buffer.toString(StandardCharsets.UTF_8);
        if (l.length() < 3 || !Character.isDigit(l.charAt(0))) {
            broken("not an SMTP reply from the mailer");
            return;
        }
        lines.add(l.length() > 4 ? l.substring(4) : "");
        if (l.length() > 3 && l.charAt(3) == '-') {
            return;
        }
        Reply r = new Reply(Integer.parseInt(l.substring(0, 3)), List.copyOf(lines));
        lines.clear();
        Promise<Reply> p = pending;
        pending = null;
        vertx.cancelTimer(timer);
        if (p == null) {
            // Nobody asked (a 421 before closing an idle connection): the session is over.
            broken("unexpected reply from the mailer: " + r.text());
        } else {
            p.complete(r);
        }
    }

    private void broken(String why) {
        boolean wasOpen = !closed;
        closed = true;
        Promise<Reply> p = pending;
        pending = null;
        if (p != null) {
            vertx.cancelTimer(timer);
            p.tryFail(new SessionFailure(why));
        }
        if (wasOpen) {
            socket.close();
        }
    }

    /**
     * The message as DATA carries it: every line ends in CRLF, a line starting with a dot gets another (RFC 5321
     * §4.5.2), and the end-of-data line is not included.
     */
    static Buffer dotStuffed(String message) {
        String[] lines = message.replace("\r\n", "\n").split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        StringBuilder out = new StringBuilder(message.length() + 64);
        for (int i = 0; i < n; i++) {
            if (lines[i].startsWith(".")) {
                out.append('.');
            }
            out.append(lines[i]).append("\r\n");
        }
        return Buffer.buffer(out.toString(), "UTF-8");
    }
}
