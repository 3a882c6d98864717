package dev.shouli.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The receipt benchmark (bench/receipts.sh): receipts of a burst, end to end. It starts the places receipts go to
 * ({@link ReceiptSinks}: an SMTP server and a rate-limited SMS API), writes the settings that point a gateway at
 * them, waits for bench/receipts.sh to start that gateway, sends the burst through it (closed loop, a number of
 * requests), and then waits until every receipt arrived — or gives up. Per case it writes when the gateway said
 * "accepted" and when the mail server accepted the receipt; it prints their distribution and the sending rates.
 *
 * <pre>
 * LoadDriver receipts --workload bench/workloads/receipts.yaml --requests 20000 --connections 64 --out DIR \
 *     --tag T --env-file DIR/sinks.env --go-file DIR/go [--sms-rate 30] [--wait 20m] [--sms-wait 10m]
 *     [--db-file DIR/db-url]   (a file holding the database's URL once the gateway has started)
 * </pre>
 */
final class ReceiptBench {

    private ReceiptBench() {
    }

    static void main(Map<String, String> args) throws Exception {
        double smsRate = Double.parseDouble(args.getOrDefault("sms-rate", "30"));
        Path out = Path.of(LoadDriver.required(args, "out"));
        String tag = LoadDriver.required(args, "tag");
        try (ReceiptSinks sinks = new ReceiptSinks(0, smsRate)) {
            List<String> env = new ArrayList<>(List.of(
                    "SHOULI_MAILER_HOST=127.0.0.1",
                    "SHOULI_MAILER_PORT=" + sinks.smtpPort(),
                    "SHOULI_MAILER_START_TLS=DISABLED",
                    "SHOULI_CHANNELS_SMS_SEND_PROVIDER=vonage",
                    "SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL=" + sinks.smsBaseUrl(),
                    "SHOULI_CHANNELS_SMS_VONAGE_FROM=Shouli",
                    "SHOULI_VONAGE_API_KEY=bench",
                    "SHOULI_VONAGE_API_SECRET=bench"));
            if (smsRate != 30) {
                // 30 a second is Vonage's published default, which the gateway uses when not told otherwise.
                env.add("SHOULI_CHANNELS_SMS_SEND_RATE=" + smsRate);
            }
            Path envFile = Path.of(LoadDriver.required(args, "env-file"));
            Files.write(envFile, env, StandardCharsets.UTF_8);
            Path go = Path.of(LoadDriver.required(args, "go-file"));
            while (!Files.exists(go)) {
                Thread.sleep(100);
            }
            Map<String, String> driverArgs = new HashMap<>(args);
            driverArgs.put("url", Files.readString(go).strip());
            int connections = Integer.parseInt(args.getOrDefault("connections", "64"));
            long burstStart = System.currentTimeMillis();
            new LoadDriver(driverArgs, connections).closedLoop(connections, Duration.ofHours(1),
                    Long.parseLong(LoadDriver.required(args, "requests")));
            long burstEnd = System.currentTimeMillis();

            Map<String, Long> acceptedMail = new HashMap<>();
            Map<String, Long> acceptedSms = new HashMap<>();
            for (String line : Files.readAllLines(out.resolve(tag + ".answers.tsv"), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length >= 9 && f[2].startsWith("2") && !"-".equals(f[4])) {
                    ("email".equals(f[7]) ? acceptedMail : acceptedSms).put(f[4], Long.parseLong(f[8]));
                }
            }
            waitFor("mail", sinks.mails, acceptedMail.size(), LoadDriver.parse(args.getOrDefault("wait", "20m")));
            waitFor("sms", sinks.sms, acceptedSms.size(), LoadDriver.parse(args.getOrDefault("sms-wait", "10m")));

            report(out.resolve(tag + ".receipts.tsv"), acceptedMail, sinks.mails, acceptedSms, sinks.sms);
            out("burst_seconds", String.format("%.1f", (burstEnd - burstStart) / 1000.0));
            rates("mail", sinks.mails, burstEnd);
            rates("sms", sinks.sms, burstEnd);
            out("mail_duplicates", sinks.mailDuplicates.get());
            out("sms_duplicates", sinks.smsDuplicates.get());
            out("sms_throttled_by_provider", sinks.smsThrottled.get());
            out("unreadable_receipts", sinks.unreadable.get());
            Path db = args.containsKey("db-file") ? Path.of(args.get("db-file")) : null;
            if (db != null && Files.exists(db)) {
                outboxStates(Files.readString(db).strip());
            }
        }
    }

    private static void waitFor(String what, Map<String, Long> arrived, int expected, Duration most)
            throws InterruptedException {
        long giveUp = System.nanoTime() + most.toNanos();
        long nextNote = 0;
        while (arrived.size() < expected && System.nanoTime() < giveUp) {
            if (System.nanoTime() > nextNote) {
                System.err.printf("[receipts] %s: %d of %d arrived%n", what, arrived.size(), expected);
                nextNote = System.nanoTime() + 10_000_000_000L;
            }
            Thread.sleep(200);
        }
    }

    /** Per case: accepted → receipt accepted by the mail server (or the SMS API); the distribution in seconds. */
    private static void report(Path file, Map<String, Long> acceptedMail, Map<String, Long> mails,
                               Map<String, Long> acceptedSms, Map<String, Long> sms) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("reference\tchannel\taccepted_ms\tdelivered_ms\tlatency_ms\n");
            for (String channel : List.of("mail", "sms")) {
                Map<String, Long> accepted = "mail".equals(channel) ? acceptedMail : acceptedSms;
                Map<String, Long> delivered = "mail".equals(channel) ? mails : sms;
                Histogram h = new Histogram(3_600_000L, 3);
                long missing = 0;
                long within15 = 0;
                for (Map.Entry<String, Long> e : accepted.entrySet()) {
                    Long at = delivered.get(e.getKey());
                    if (at == null) {
                        missing++;
                        w.write(e.getKey() + "\t" + channel + "\t" + e.getValue() + "\t-\t-\n");
                        continue;
                    }
                    long latency = Math.max(0, at - e.getValue());
                    h.recordValue(Math.min(latency, 3_600_000L));
                    within15 += latency <= 15 * 60_000 ? 1 : 0;
                    w.write(e.getKey() + "\t" + channel + "\t" + e.getValue() + "\t" + at + "\t" + latency + "\n");
                }
                out(channel + "_expected", accepted.size());
                out(channel + "_arrived", accepted.size() - missing);
                out(channel + "_missing", missing);
                out(channel + "_within_15_min", within15);
                out(channel + "_latency_p50_s", seconds(h.getValueAtPercentile(50)));
                out(channel + "_latency_p99_s", seconds(h.getValueAtPercentile(99)));
                out(channel + "_latency_max_s", seconds(h.getMaxValue()));
            }
        }
    }

    /** Receipts a second: overall (first to last arrival), while the burst came in, after it, and the best second. */
    private static void rates(String channel, Map<String, Long> arrived, long burstEnd) {
        if (arrived.isEmpty()) {
            return;
        }
        long first = arrived.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = arrived.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long during = arrived.values().stream().filter(t -> t <= burstEnd).count();
        long after = arrived.size() - during;
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        arrived.values().forEach(t -> perSecond.merge(t / 1000, 1, Integer::sum));
        out(channel + "_rate_per_s", rate(arrived.size(), first, last));
        out(channel + "_rate_during_burst_per_s", rate(during, first, Math.min(last, burstEnd)));
        out(channel + "_rate_after_burst_per_s", after == 0 ? "-" : rate(after, burstEnd, last));
        out(channel + "_best_second", perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    private static String rate(long n, long from, long to) {
        return to <= from ? "-" : String.format("%.1f", n * 1000.0 / (to - from));
    }

    private static void outboxStates(String db) throws Exception {
        java.net.URI uri = java.net.URI.create(db.replaceFirst("^postgres(ql)?://", "http://"));
        String[] user = uri.getUserInfo().split(":", 2);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
                + uri.getPath(), user[0], user.length > 1 ? user[1] : "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT channel, status, count(*) FROM outbox WHERE kind = 'receipt'"
                     + " GROUP BY 1, 2 ORDER BY 1, 2")) {
            while (r.next()) {
                out("outbox_" + r.getString(1) + "_" + r.getString(2), r.getLong(3));
            }
        }
    }

    private static String seconds(long millis) {
        return String.format("%.1f", millis / 1000.0);
    }

    private static void out(String key, Object value) {
        System.out.println("BENCH " + key + "=" + value);
    }
}
