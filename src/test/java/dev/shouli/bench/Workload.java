package dev.shouli.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A benchmark workload read from {@code bench/workloads/<name>.yaml}: who complains (every request a
 * different person), about which traders and how often, in which words (stories.yaml) and languages.
 * Request {@code n} of a run is always the same for the same tag, so a later run can send it again.
 */
final class Workload {

    /**
     * One request to send: its redelivery key, its body, the trader it is about and the story it tells (together
     * what should link it into one incident), and the channel its receipt goes by (email when it gives an address,
     * else sms).
     */
    record Request(String key, String body, String respondent, String story, String receipt) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private final String name;
    private final Workload redelivered;
    private final int copies;
    private final List<Map<String, Object>> stories = new ArrayList<>();
    private final Map<String, List<String>> fill;
    private final List<String> respondents = new ArrayList<>();
    private final double[] respondentWeights;
    private final List<String> branches;
    private final List<String> surnames;
    private final List<String> givenNames;
    private final List<String> englishNames;
    private final String[] languages;
    private final double[] languageWeights;
    private final double emailShare;

    @SuppressWarnings("unchecked")
    private Workload(Path file) throws IOException {
        Map<String, Object> w = yaml(file);
        name = (String) w.get("name");
        if (w.containsKey("redeliver")) {
            redelivered = new Workload(file.resolveSibling(w.get("redeliver") + ".yaml"));
            copies = ((Number) w.getOrDefault("copies", 4)).intValue();
        } else {
            redelivered = null;
            copies = 1;
        }
        Map<String, Object> storyFile = yaml(file.resolveSibling("stories.yaml"));
        Map<String, Object> traders = yaml(file.resolveSibling("traders.yaml"));
        fill = (Map<String, List<String>>) storyFile.get("fill");
        branches = (List<String>) traders.get("branches");
        surnames = (List<String>) traders.get("surnames");
        givenNames = (List<String>) traders.get("givenNames");
        englishNames = (List<String>) traders.get("englishNames");
        if (redelivered != null) {
            respondentWeights = new double[0];
            languages = new String[0];
            languageWeights = new double[0];
            emailShare = 0;
            return;
        }
        List<String> wanted = (List<String>) w.get("stories");
        for (Map<String, Object> s : (List<Map<String, Object>>) storyFile.get("stories")) {
            if (wanted.contains(s.get("id"))) {
                stories.add(s);
            }
        }
        if (stories.size() != wanted.size()) {
            throw new IllegalArgumentException(file + ": unknown story among " + wanted);
        }
        Map<String, Object> r = (Map<String, Object>) w.get("respondents");
        if (r.containsKey("names")) {
            respondents.addAll((List<String>) r.get("names"));
        } else {
            List<String> first = (List<String>) traders.get("first");
            List<String> second = (List<String>) traders.get("second");
            List<String> trades = (List<String>) traders.get("trades");
            int count = ((Number) r.get("count")).intValue();
            for (int n = 0; n < count; n++) {
                respondents.add(first.get(n / second.size() % first.size()) + second.get(n % second.size())
                        + trades.get(n % trades.size()));
            }
        }
        double zipf = r.containsKey("zipf") ? ((Number) r.get("zipf")).doubleValue() : 0;
        respondentWeights = cumulative(respondents.size(), i -> 1 / Math.pow(i + 1, zipf));
        Map<String, Number> lang = (Map<String, Number>) w.get("languages");
        languages = lang.keySet().toArray(String[]::new);
        languageWeights = cumulative(languages.length, i -> lang.get(languages[i]).doubleValue());
        emailShare = ((Number) w.getOrDefault("emailShare", 0)).doubleValue();
    }

    static Workload load(Path file) throws IOException {
        return new Workload(file);
    }

    String name() {
        return name;
    }

    boolean isRedelivery() {
        return redelivered != null;
    }

    /**
     * Request {@code n} of the run tagged {@code tag}. A redelivery workload answers request
     * {@code n / copies} of the run it replays ({@code replayTag}, {@code replayCount} requests), so each
     * earlier submission goes out {@code copies} times in a row, on different connections at once.
     */
    Request request(String tag, long n, String replayTag, long replayCount) {
        if (redelivered != null) {
            return redelivered.request(replayTag, (n / copies) % replayCount, null, 0);
        }
        Random random = new Random(tag.hashCode() * 1_000_003L + n);
        String language = pick(languages, languageWeights, random);
        String respondent = pick(respondents, respondentWeights, random);
        Map<String, Object> story = stories.get(random.nextInt(stories.size()));
        String branch = branches.get(random.nextInt(branches.size()));
        Map<String, String> values = values(random, respondent, branch, n);
        String text = fillIn(pickText(story, language, random), values, random);
        String subject = fillIn(localised(story.get("subject"), language), values, random);

        JsonObject complainant = new JsonObject()
                .put("name", person(language, random))
                .put("phone", phone(tag, n));
        boolean email = random.nextDouble() < emailShare;
        if (email) {
            complainant.put("email", "u" + Integer.toHexString(tag.hashCode()) + "." + n + "@example.cn");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> demand = (Map<String, Object>) story.get("demand");
        JsonObject body = new JsonObject()
                .put("kind", story.get("kind"))
                .put("subject", subject)
                .put("description", text)
                .put("complainant", complainant)
                .put("respondent", new JsonObject().put("organisation", respondent).put("branch", branch))
                .put("demand", new JsonObject().put("types", new JsonArray((List<?>) demand.get("types")))
                        .put("amount", values.get("amount")).put("currency", "CNY"));
        return new Request(tag + "-" + n, body.encode(), respondent, (String) story.get("id"), email ? "email" : "sms");
    }

    private Map<String, String> values(Random random, String trader, String branch, long n) {
        return Map.of("trader", trader, "branch", branch,
                "amount", String.valueOf((random.nextInt(60) + 1) * 50),
                "date", TODAY.minusDays(random.nextInt(20)).toString(),
                "order", "DD" + (20260000000L + n % 10_000_000L));
    }

    private String fillIn(String template, Map<String, String> values, Random random) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String v = values.get(key);
            if (v == null) {
                List<String> options = fill.get(key);
                if (options == null) {
                    throw new IllegalArgumentException("no values for {" + key + "} in stories.yaml");
                }
                v = options.get(random.nextInt(options.size()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private static String pickText(Map<String, Object> story, String language, Random random) {
        List<String> variants = (List<String>) ((Map<String, Object>) story.get("text")).get(language);
        return variants.get(random.nextInt(variants.size()));
    }

    @SuppressWarnings("unchecked")
    private static String localised(Object perLanguage, String language) {
        return (String) ((Map<String, Object>) perLanguage).get(language);
    }

    private String person(String language, Random random) {
        if ("en".equals(language)) {
            return englishNames.get(random.nextInt(englishNames.size()));
        }
        return surnames.get(random.nextInt(surnames.size())) + givenNames.get(random.nextInt(givenNames.size()));
    }

    /** Mobile prefixes every CN numbering plan version accepts (13x, 15x without 154, 18x). */
    private static final int[] MOBILE_PREFIXES = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152,
        153, 155, 156, 157, 158, 159, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189};

    /**
     * A mobile number of its own for every request of a run: a prefix and an offset chosen by the tag, plus
     * the request number, so that two runs' people practically never meet.
     */
    static String phone(String tag, long n) {
        int h = tag.hashCode();
        int prefix = MOBILE_PREFIXES[Math.floorMod(h, MOBILE_PREFIXES.length)];
        long offset = Math.floorMod(h * 7919L, 100_000_000L);
        return prefix + String.format("%08d", (offset + n) % 100_000_000L);
    }

    private static <T> T pick(List<T> items, double[] cumulative, Random random) {
        return items.get(index(cumulative, random));
    }

    private static String pick(String[] items, double[] cumulative, Random random) {
        return items[index(cumulative, random)];
    }

    private static int index(double[] cumulative, Random random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] cumulative(int n, java.util.function.IntToDoubleFunction weight) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weight.applyAsDouble(i);
            c[i] = sum;
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }
}
