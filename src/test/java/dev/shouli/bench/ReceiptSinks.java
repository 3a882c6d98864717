package dev.shouli.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Where the receipt benchmark's receipts go: a real SMTP server (subethasmtp, the library the gateway's own listener
 * uses) that stamps each message with the moment it accepted it — the end of its data — and a Vonage SMS API that
 * holds to a rate as Vonage does: beyond it, "status code 1 - Throttled". Both count what arrived twice.
 */
final class ReceiptSinks implements AutoCloseable {

    /** First arrival time (epoch ms) per reference. */
    final Map<String, Long> mails = new ConcurrentHashMap<>();
    final Map<String, Long> sms = new ConcurrentHashMap<>();
    final AtomicLong mailDuplicates = new AtomicLong();
    final AtomicLong smsDuplicates = new AtomicLong();
    final AtomicLong smsThrottled = new AtomicLong();
    final AtomicLong unreadable = new AtomicLong();
    private final double smsRate;
    /** A token bucket holding one second's worth: "30 requests a second" as a rate limiter means it. */
    private double tokens;
    private long filledAt = System.nanoTime();
    private final SMTPServer smtp;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer smsApi;

    /** @param smsRate requests a second the fake SMS API takes before it throttles */
    ReceiptSinks(int smtpPort, double smsRate) throws Exception {
        this.smsRate = smsRate;
        this.tokens = Math.max(1, smsRate);
        smtp = SMTPServer.port(smtpPort)
                .bindAddress(InetAddress.getByName("127.0.0.1"))
                .maxConnections(256)
                .messageHandler((context, from, to, data) -> mail(data))
                .build();
        smtp.start();
        smsApi = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String answer = sms(body.toString(StandardCharsets.UTF_8));
            req.response().putHeader("Content-Type", "application/json").end(answer);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int smtpPort() {
        return smtp.getPortAllocated();
    }

    String smsBaseUrl() {
        return "http://127.0.0.1:" + smsApi.actualPort();
    }

    private void mail(byte[] data) {
        long now = System.currentTimeMillis();
        String reference = header(new String(data, StandardCharsets.UTF_8), "X-Shouli-Reference");
        if (reference == null) {
            unreadable.incrementAndGet();
        } else if (mails.putIfAbsent(reference, now) != null) {
            mailDuplicates.incrementAndGet();
        }
    }

    private static String header(String message, String name) {
        int end = message.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? message : message.substring(0, end)).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    /** Vonage's {@code POST /sms/json}: the reference is the last word of the receipt text. */
    private String sms(String form) {
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(Math.max(1, smsRate), tokens + (now - filledAt) / 1e9 * smsRate);
            filledAt = now;
            if (tokens < 1) {
                smsThrottled.incrementAndGet();
                return vonage("1", "Throttled");
            }
            tokens -= 1;
        }
        String text = "";
        for (String pair : form.split("&")) {
            if (pair.startsWith("text=")) {
                text = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Z]{1,6}\\d{8}-\\d{6}[A-Z]").matcher(text);
        if (!m.find()) {
            unreadable.incrementAndGet();
        } else if (sms.putIfAbsent(m.group(), System.currentTimeMillis()) != null) {
            smsDuplicates.incrementAndGet();
        }
        return vonage("0", null);
    }

    private static String vonage(String status, String error) {
        return new JsonObject().put("message-count", "1").put("messages", new JsonArray().add(new JsonObject()
                .put("status", status).put("message-id", "FAKE-" + System.nanoTime()).put("error-text", error)))
                .encode();
    }

    @Override
    public void close() throws Exception {
        smtp.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
