package dev.shouli.bench;

import dev.shouli.channel.sms.TwilioSignature;
import dev.shouli.support.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hostile-traffic drill of bench/hostile.sh against a running gateway (the targets of docs/hostile-input.md):
 * <ol>
 *   <li>{@code flood}: eight maximal hostile mails over SMTP in flight (8 MB of letter runs each, eight clients);
 *       meanwhile an honest signed Twilio SMS and an honest JSON complaint every second, timed;</li>
 *   <li>{@code idle}: 5,000 idle connections from 20 loopback addresses; an honest request timed while they are
 *       open; then how long until the gateway closed them; and one client trying more than its share;</li>
 *   <li>{@code refused}: one client sending refused input for a minute (1 MB non-JSON bodies, unsigned Twilio
 *       posts); the database's growth;</li>
 *   <li>{@code qq}: a human reply from QQ mail carrying Feedback-ID, over SMTP: does it make a case.</li>
 * </ol>
 * Arguments: {@code httpPort smtpPort twilioToken pgPort pgPasswordFile fixture [phases…]}. Prints one line per figure.
 */
public final class HostileDrill {

    private final int httpPort;
    private final int smtpPort;
    private final String twilioToken;
    private final String pgUrl;
    private final String pgPassword;
    private final Path fixture;

    private HostileDrill(String[] a) throws IOException {
        httpPort = Integer.parseInt(a[0]);
        smtpPort = Integer.parseInt(a[1]);
        twilioToken = a[2];
        pgUrl = "jdbc:postgresql://127.0.0.1:" + a[3] + "/postgres";
        // A build from before the embedded cluster had a password of its own (to compare with) used postgres/postgres.
        pgPassword = Files.exists(Path.of(a[4])) ? Files.readString(Path.of(a[4])).strip() : "postgres";
        fixture = Path.of(a[5]);
    }

    public static void main(String[] args) throws Exception {
        HostileDrill drill = new HostileDrill(args);
        List<String> phases = args.length > 6 ? Arrays.asList(args).subList(6, args.length)
                : List.of("flood", "idle", "refused", "qq");
        for (String phase : phases) {
            switch (phase) {
                case "flood" -> drill.flood();
                case "idle" -> drill.idle(Integer.getInteger("drill.idle", 5000));
                case "refused" -> drill.refused(Integer.getInteger("drill.refusedSeconds", 60));
                case "qq" -> drill.qq();
                default -> throw new IllegalArgumentException("unknown phase " + phase);
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
        System.out.flush();
    }

    // ---- flood -------------------------------------------------------------------------------------------------

    void flood() throws Exception {
        for (int i = 0; i < 3; i++) { // warm-up: the first requests of a route load its classes
            twilio("SMwarm" + System.nanoTime(), "热身 warm-up " + i);
            honestJson(100 + i);
        }
        ExecutorService pool = Executors.newCachedThreadPool();
        byte[] hostile = hostileMail();
        List<Future<String>> mails = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        long started = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            String from = "127.0.0." + (31 + i);
            mails.add(pool.submit(() -> smtp(from, hostile, inFlight)));
        }
        while (inFlight.get() < 8 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(20); // until all eight are past DATA
        }
        say("flood: 8 hostile mails of %d MB in flight after %d ms", hostile.length >> 20, ms(started));
        List<Long> sms = new ArrayList<>();
        List<Long> json = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int round = 0; round < 10 && mails.stream().anyMatch(f -> !f.isDone()); round++) {
            long t = System.nanoTime();
            statuses.merge(twilio("SMdrill" + System.nanoTime(), "小区电梯坏了一个星期，物业一直不修"), 1, Integer::sum);
            sms.add(ms(t));
            t = System.nanoTime();
            statuses.merge(honestJson(round), 1, Integer::sum);
            json.add(ms(t));
            Thread.sleep(1000);
        }
        Map<String, Integer> answers = new TreeMap<>();
        for (Future<String> f : mails) {
            answers.merge(f.get(120, TimeUnit.SECONDS), 1, Integer::sum);
        }
        pool.shutdown();
        say("flood: honest SMS webhook answered in %s ms (max %d ms, %d requests)", sms, max(sms), sms.size());
        say("flood: honest JSON complaint answered in %s ms (max %d ms, %d requests)", json, max(json), json.size());
        say("flood: honest answers by status %s; hostile mails answered %s after %d ms", statuses, answers,
                ms(started));
    }

    private int honestJson(int n) throws IOException {
        return RawHttp.post(httpPort, "127.0.0.40", "/api/v1/complaints", "application/json",
                ("{\"description\":\"楼下烧烤店油烟很大，每晚到凌晨\",\"phone\":\"138001" + (38000 + n)
                        + "\"}").getBytes(StandardCharsets.UTF_8)).status();
    }

    private static byte[] hostileMail() {
        StringBuilder m = new StringBuilder("From: flood@example.net\r\nTo: complaints@example.cn\r\n"
                + "Subject: letters\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        String line = "a".repeat(998) + "\r\n";
        while (m.length() < 8 * 1024 * 1024 - line.length()) {
            m.append(line);
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one mail over SMTP from {@code from}; answers the final reply line. */
    private String smtp(String from, byte[] message, AtomicInteger inFlight) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), smtpPort, InetAddress.getByName(from), 0)) {
            s.setSoTimeout(180_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(in);
            for (String c : List.of("EHLO drill.example", "MAIL FROM:<flood@example.net>",
                    "RCPT TO:<complaints@example.cn>", "DATA")) {
                out.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String r = reply(in);
                if (!r.startsWith("2") && !r.startsWith("3")) {
                    return r.substring(0, 3) + " at " + c.split(" ")[0];
                }
            }
            out.write(message);
            out.write("\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            inFlight.incrementAndGet();
            String r = reply(in);
            return r.length() >= 3 ? r.substring(0, Math.min(r.length(), 16)) : r;
        }
    }

    private static String reply(BufferedReader in) throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line == null ? "closed" : line;
    }

    private int twilio(String sid, String text) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", sid);
        p.put("AccountSid", "ACdrill");
        p.put("From", "+86139" + String.format("%08d", Math.abs(sid.hashCode()) % 100_000_000));
        p.put("To", "+861065550000");
        p.put("Body", text);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        p.forEach((k, v) -> multi.put(k, List.of(v)));
        String url = "http://127.0.0.1:" + httpPort + "/intake/sms/twilio";
        StringBuilder form = new StringBuilder();
        p.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return RawHttp.post(httpPort, "127.0.0.41", "/intake/sms/twilio", "application/x-www-form-urlencoded",
                form.toString().getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                TwilioSignature.compute(twilioToken, url, multi)).status();
    }

    // ---- idle --------------------------------------------------------------------------------------------------

    void idle(int count) throws Exception {
        for (int i = 0; i < 3; i++) { // warm-up: a cold gateway's first intake takes up to a second by itself
            honestJson(200 + i);
        }
        Selector selector = Selector.open();
        List<SocketChannel> open = new ArrayList<>();
        long started = System.nanoTime();
        int refusedAtOnce = 0;
        for (int i = 0; i < count; i++) {
            SocketChannel c = SocketChannel.open();
            c.bind(new InetSocketAddress("127.0.1." + (1 + i % 20), 0));
            c.connect(new InetSocketAddress("127.0.0.1", httpPort));
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ);
            open.add(c);
        }
        say("idle: %d idle connections opened from 20 addresses in %d ms", open.size(), ms(started));
        for (int probe = 0; probe < 3; probe++) { // at once, then one and two seconds later
            long t = System.nanoTime();
            int live = RawHttp.post(httpPort, "127.0.0.42", "/api/v1/complaints", "application/json",
                    ("{\"description\":\"路灯坏了两周没人修\",\"phone\":\"1380013" + (9000 + probe) + "\"}")
                            .getBytes(StandardCharsets.UTF_8)).status();
            say("idle: honest JSON complaint answered %d in %d ms with %d idle connections open (%d ms after opening)",
                    live, ms(t), count, ms(started));
            Thread.sleep(1000);
        }
        Map<Long, Integer> closedBySecond = new TreeMap<>();
        int closed = 0;
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (closed < count && ms(started) < 120_000) {
            selector.select(200);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel c = (SocketChannel) key.channel();
                buffer.clear();
                int n;
                try {
                    n = c.read(buffer);
                } catch (IOException reset) {
                    n = -1;
                }
                if (n < 0) {
                    key.cancel();
                    c.close();
                    closed++;
                    closedBySecond.merge(ms(started) / 1000, 1, Integer::sum);
                }
            }
            selector.selectedKeys().clear();
        }
        say("idle: %d of %d closed by the gateway; closed per second after opening: %s", closed, count,
                closedBySecond);
        for (SocketChannel c : open) {
            c.close();
        }
        selector.close();
        // One client trying to hold more than its share: which of its connections are closed within a second.
        List<SocketChannel> mine = new ArrayList<>();
        Selector watch = Selector.open();
        for (int i = 0; i < 300; i++) {
            SocketChannel c = SocketChannel.open();
            c.bind(new InetSocketAddress("127.0.2.1", 0));
            c.connect(new InetSocketAddress("127.0.0.1", httpPort));
            c.configureBlocking(false);
            c.register(watch, SelectionKey.OP_READ);
            mine.add(c);
        }
        long opened = System.nanoTime();
        while (ms(opened) < 1000) {
            watch.select(100);
            for (SelectionKey key : watch.selectedKeys()) {
                buffer.clear();
                int n;
                try {
                    n = ((SocketChannel) key.channel()).read(buffer);
                } catch (IOException reset) {
                    n = -1;
                }
                if (n < 0) {
                    key.cancel();
                    refusedAtOnce++;
                }
            }
            watch.selectedKeys().clear();
        }
        for (SocketChannel c : mine) {
            c.close();
        }
        watch.close();
        say("idle: one client opening 300 connections: %d closed within a second (http.maxConnectionsPerClient)",
                refusedAtOnce);
    }

    // ---- refused -----------------------------------------------------------------------------------------------

    void refused(int seconds) throws Exception {
        long before = databaseSize();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        // Random bytes: what PostgreSQL cannot compress is the worst case for the database's growth.
        java.util.Random random = new java.util.Random(42);
        byte[] junk = new byte[1 << 20];
        random.nextBytes(junk);
        byte[] unsigned = new byte[1 << 20];
        random.nextBytes(unsigned);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            boolean sms = i % 2 == 1;
            pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        int status = sms
                                ? RawHttp.post(httpPort, "127.0.0.50", "/intake/sms/twilio",
                                "application/x-www-form-urlencoded", unsigned, "X-Twilio-Signature", "forged").status()
                                : RawHttp.post(httpPort, "127.0.0.50", "/api/v1/complaints", "application/json", junk)
                                .status();
                        statuses.merge(status, 1, Integer::sum);
                    } catch (IOException e) {
                        statuses.merge(-1, 1, Integer::sum);
                    }
                }
                return null;
            });
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        int requests = statuses.values().stream().mapToInt(Integer::intValue).sum();
        long after = databaseSize();
        say("refused: one client, %d s, %d requests of 1 MB (%d MB sent), answers by status %s", seconds, requests,
                requests, new TreeMap<>(statuses));
        say("refused: database grew by %.1f MB (%d -> %d bytes); kept rows: %s", (after - before) / 1048576.0, before,
                after, query("SELECT count(*) || ' rejected, ' || coalesce(sum(length(body)), 0) || ' body bytes'"
                        + " FROM submission WHERE outcome = 'rejected' AND received_at > now() - interval '"
                        + (seconds + ms(started) / 1000 + 30) + " seconds'"));
    }

    // ---- qq ----------------------------------------------------------------------------------------------------

    void qq() throws Exception {
        byte[] raw = Files.readAllBytes(fixture);
        String answer = smtp("127.0.0.60", raw, new AtomicInteger());
        say("qq: a human reply from QQ mail carrying Feedback-ID over SMTP: answered '%s'; stored as %s", answer,
                query("SELECT s.outcome || coalesce(' case ' || c.reference, '') FROM submission s LEFT JOIN"
                        + " complaint_case c ON c.id = s.case_id WHERE s.external_id ="
                        + " '<tencent_6B1F0C3A8E2D4F7A9B5C1D3E@qq.example>'"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private long databaseSize() throws Exception {
        // Pending writes settle first: what the refused input adds, not what is still in flight.
        Thread.sleep(2000);
        return Long.parseLong(query("SELECT sum(pg_database_size(datname)) FROM pg_database"));
    }

    private String query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pgUrl, "postgres", pgPassword);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long ms(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
