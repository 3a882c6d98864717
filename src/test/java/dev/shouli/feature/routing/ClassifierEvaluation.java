package dev.shouli.feature.routing;

import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The classifier's evaluation (bench/classify/evaluate.sh): trains on a labelled CSV exactly as
 * {@code POST /api/v1/classifier/training} does — the same parser, the shipped taxonomies, the configured
 * decision rule, nested 5-fold cross-validation — and prints per-category precision, recall and F1, macro-F1,
 * coverage and the precision of decided answers. {@code --timing N} instead times the training of N messages
 * made by recombining the file's clauses (for time only; nothing is measured of their labels).
 *
 * <p>Usage: {@code ClassifierEvaluation FILE.csv [--timing N [--long]]}
 */
public final class ClassifierEvaluation {

    private ClassifierEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ClassifierEvaluation FILE.csv [--timing N [--long]]");
            System.exit(2);
        }
        List<String> options = Arrays.asList(args);
        RoutingConfig config = TestGateway.config(Map.of()).section(RoutingConfig.class);
        byte[] csv = Files.readAllBytes(Path.of(args[0]));
        int timing = options.contains("--timing") ? Integer.parseInt(args[options.indexOf("--timing") + 1]) : 0;
        if (timing > 0) {
            System.out.print(timing(config, csv, timing, options.contains("--long")));
        } else {
            System.out.print(evaluate(config, csv, args[0]));
        }
    }

    static String evaluate(RoutingConfig config, byte[] csv, String name) {
        long start = System.nanoTime();
        List<ClassifierTraining.Example> examples = TrainingCsv.parse(csv, config.taxonomies()::resolve,
                config.taxonomies().describe());
        ClassifierTraining.Result result = new ClassifierTraining(config.classifier().settings()).train(examples);
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonObject m = result.metrics();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d examples, %d categories; precision target %.2f at %.0f %% "
                        + "confidence; nested 5-fold cross-validation; trained and measured in %.1f s%n%n", name,
                examples.size(), result.model().labels().size(), config.classifier().precisionTarget(),
                config.classifier().confidenceLevel() * 100, seconds));
        out.append("| category | support | precision | recall | F1 | decided | F1 (best guess) | threshold |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        JsonObject per = m.getJsonObject("perCategory");
        for (String category : per.fieldNames()) {
            JsonObject c = per.getJsonObject(category);
            out.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.1f %% | %.3f | %s |%n", category,
                    c.getInteger("support"), c.getDouble("precision"), c.getDouble("recall"), c.getDouble("f1"),
                    100 * c.getDouble("decided"), c.getDouble("f1AllAnswered"),
                    c.getValue("threshold") == null ? "never" : String.format(Locale.ROOT, "%.3f", c.getDouble("threshold"))));
        }
        out.append(String.format(Locale.ROOT, "%nmacro-F1 (undecided counted wrong) %.3f; coverage (decided) %.1f %%; "
                        + "precision of decided answers %.3f; macro-F1 of the best guesses %.3f; accuracy of the best "
                        + "guesses %.3f; temperature %.3f%n", m.getDouble("macroF1"), 100 * m.getDouble("coverage"),
                m.getDouble("precisionDecided"), m.getDouble("macroF1AllAnswered"), m.getDouble("accuracyAllAnswered"),
                m.getDouble("temperature")));
        return out.toString();
    }

    /** Times one training (CSV read, cross-validation and the version itself) of {@code n} recombined messages. */
    static String timing(RoutingConfig config, byte[] csv, int n, boolean longer) {
        List<ClassifierTraining.Example> base = TrainingCsv.parse(csv, config.taxonomies()::resolve,
                config.taxonomies().describe());
        List<ClassifierTraining.Example> many = recombined(base, n, longer ? 24 : 2);
        StringBuilder file = new StringBuilder("title,text,category\r\n");
        for (ClassifierTraining.Example e : many) {
            file.append(quoted(e.title())).append(',').append(quoted(e.text())).append(',').append(e.category())
                    .append("\r\n");
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        double chars = many.stream().mapToInt(e -> e.full().length()).average().orElse(0);
        // One unmeasured run first: the JIT compiles the training loop as the gateway's would have by then.
        new ClassifierTraining(config.classifier().settings()).train(many.subList(0, Math.min(600, many.size())));
        long start = System.nanoTime();
        List<ClassifierTraining.Example> parsed = TrainingCsv.parse(bytes, config.taxonomies()::resolve, "");
        ClassifierTraining.Result result = new ClassifierTraining(config.classifier().settings()).train(parsed);
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "training %d messages (mean %.0f characters, %d KiB of CSV) with %d "
                        + "thread(s): %.1f s, version %d KiB stored%n", parsed.size(), chars, bytes.length / 1024,
                config.classifier().trainingThreads(), seconds, result.model().toBytes().length / 1024);
    }

    private static List<ClassifierTraining.Example> recombined(List<ClassifierTraining.Example> base, int n,
                                                             int minClauses) {
        Random random = new Random(RoutingConfig.SEED + 7);
        Map<String, List<String>> clauses = new HashMap<>();
        for (ClassifierTraining.Example e : base) {
            for (String c : e.text().split("(?<=[，。！？；,.!?])")) {
                if (!c.isBlank()) {
                    clauses.computeIfAbsent(e.category(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        List<ClassifierTraining.Example> out = new ArrayList<>(base);
        while (out.size() < n) {
            ClassifierTraining.Example e = base.get(random.nextInt(base.size()));
            List<String> pool = clauses.get(e.category());
            StringBuilder text = new StringBuilder();
            int k = minClauses + random.nextInt(4);
            for (int i = 0; i < k; i++) {
                text.append(pool.get(random.nextInt(pool.size())));
            }
            out.add(new ClassifierTraining.Example(e.title(), text.toString(), e.category()));
        }
        return out.subList(0, n);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
