package dev.shouli.feature.routing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a classifier version from labelled examples and says how good it is.
 *
 * <p>The metrics come from 5-fold stratified cross-validation, nested: for each outer fold, the temperature and
 * the per-category thresholds are fitted on an inner 3-fold cross-validation of the other four folds only, then
 * applied to the held-out fold — so the coverage and the precision of decided answers reported are what the rule
 * gives on texts it never saw, not on those it was fitted to. The version itself is trained on every example;
 * its calibration is fitted on the outer folds' out-of-fold scores. Nothing is chosen by looking at the scores of
 * held-out folds. 21 trainings in all, the outer folds in parallel.
 */
final class ClassifierTraining {

    static final int FOLDS = 5;
    static final int INNER_FOLDS = 3;
    /** Fewer than this many examples of a category leave a fold without it. */
    static final int MIN_PER_CATEGORY = 10;
    static final String UNDECIDED = "_undecided";

    /**
     * @param precisionTarget the precision the decided answers of each category must reach
     * @param confidenceLevel how sure the thresholds must be of it (the Wilson bound's one-sided level)
     * @param maxFeatures     the most features a version keeps (the most frequent)
     * @param threads         trainings run at once
     */
    record Settings(double precisionTarget, double confidenceLevel, int maxFeatures, int threads, long seed) {
    }

    record Example(String title, String text, String category) {

        String full() {
            return Features.text(title, text);
        }
    }

    record Result(ClassifierModel model, JsonObject metrics, int examples) {
    }

    /** What an outer fold's model answered for one held-out text. */
    private record Answer(int truth, int predicted, boolean decided) {
    }

    private final Settings settings;

    ClassifierTraining(Settings settings) {
        this.settings = settings;
    }

    /** @throws IllegalArgumentException when the examples cannot make a version (too few of a category) */
    Result train(List<Example> examples) {
        List<String> labels = new ArrayList<>(new TreeSet<>(examples.stream().map(Example::category).toList()));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("the examples have " + labels.size()
                    + " category; a classifier needs at least two");
        }
        int[] y = examples.stream().mapToInt(e -> labels.indexOf(e.category())).toArray();
        int[] support = new int[labels.size()];
        for (int label : y) {
            support[label]++;
        }
        for (int c = 0; c < labels.size(); c++) {
            if (support[c] < MIN_PER_CATEGORY) {
                throw new IllegalArgumentException("category " + labels.get(c) + " has " + support[c]
                        + " example(s); each needs at least " + MIN_PER_CATEGORY);
            }
        }
        Corpus corpus = new Corpus(examples.stream().map(Example::full).toList());
        int[] all = range(examples.size());
        List<int[]> folds = stratifiedFolds(all, y, FOLDS, settings.seed());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.threads()));
        try {
            List<Future<Answer[]>> answers = new ArrayList<>();
            double[][] outOfFold = new double[examples.size()][];
            for (int[] fold : folds) {
                Future<Answer[]> done = pool.submit(() -> outerFold(corpus, y, labels.size(), all, fold, outOfFold));
                answers.add(done);
            }
            Future<Trained> whole = pool.submit(() -> fit(corpus, y, labels.size(), all));
            List<Answer> answered = new ArrayList<>();
            for (Future<Answer[]> f : answers) {
                answered.addAll(Arrays.asList(f.get()));
            }
            List<Calibration.Scored> scored = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                scored.add(new Calibration.Scored(outOfFold[i], y[i]));
            }
            Calibration calibration = Calibration.fit(scored, labels.size(), settings.precisionTarget(),
                    settings.confidenceLevel());
            Trained trained = whole.get();
            List<String> features = Arrays.stream(trained.vocabulary().kept()).mapToObj(corpus::name).toList();
            ClassifierModel model = new ClassifierModel(labels, features, trained.vocabulary().idf(),
                    trained.weights(), calibration);
            return new Result(model, metrics(labels, answered, calibration), examples.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Trained(Corpus.Vocabulary vocabulary, float[][] weights) {

        double[] scores(Corpus.Doc doc) {
            return SoftmaxRegression.scores(weights, vocabulary.vector(doc));
        }
    }

    private Trained fit(Corpus corpus, int[] y, int labels, int[] indices) {
        Corpus.Vocabulary vocabulary = corpus.vocabulary(indices, settings.maxFeatures());
        SoftmaxRegression.Vector[] xs = new SoftmaxRegression.Vector[indices.length];
        int[] ys = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            xs[i] = vocabulary.vector(corpus.doc(indices[i]));
            ys[i] = y[indices[i]];
        }
        return new Trained(vocabulary, SoftmaxRegression.fit(xs, ys, labels, vocabulary.size(), settings.seed()));
    }

    /** One outer fold: calibration from the inner folds, the fold's model, its answers for the held-out texts. */
    private Answer[] outerFold(Corpus corpus, int[] y, int labels, int[] all, int[] heldOut, double[][] outOfFold) {
        int[] training = without(all, heldOut);
        List<Calibration.Scored> inner = new ArrayList<>();
        for (int[] innerFold : stratifiedFolds(training, y, INNER_FOLDS, settings.seed() + 1)) {
            Trained model = fit(corpus, y, labels, without(training, innerFold));
            for (int i : innerFold) {
                inner.add(new Calibration.Scored(model.scores(corpus.doc(i)), y[i]));
            }
        }
        Calibration calibration = Calibration.fit(inner, labels, settings.precisionTarget(),
                settings.confidenceLevel());
        Trained model = fit(corpus, y, labels, training);
        Answer[] answers = new Answer[heldOut.length];
        for (int k = 0; k < heldOut.length; k++) {
            int i = heldOut[k];
            double[] scores = model.scores(corpus.doc(i));
            outOfFold[i] = scores;
            double[] p = SoftmaxRegression.softmax(scores, calibration.temperature());
            int predicted = SoftmaxRegression.argmax(p);
            answers[k] = new Answer(y[i], predicted, calibration.decides(predicted, p[predicted]));
        }
        return answers;
    }

    /** The cross-validated figures, undecided answers counted as wrong unless the name says otherwise. */
    static JsonObject metrics(List<String> labels, List<Answer> answers, Calibration version) {
        int n = labels.size();
        int[][] confusion = new int[n][n + 1];
        int[][] anyAnswer = new int[n][n];
        int decided = 0;
        int decidedRight = 0;
        int right = 0;
        for (Answer a : answers) {
            anyAnswer[a.truth()][a.predicted()]++;
            right += a.truth() == a.predicted() ? 1 : 0;
            if (a.decided()) {
                confusion[a.truth()][a.predicted()]++;
                decided++;
                decidedRight += a.truth() == a.predicted() ? 1 : 0;
            } else {
                confusion[a.truth()][n]++;
            }
        }
        JsonObject perCategory = new JsonObject();
        JsonObject matrix = new JsonObject();
        double f1Sum = 0;
        double f1AnySum = 0;
        for (int c = 0; c < n; c++) {
            int tp = confusion[c][c];
            int predicted = 0;
            int supportOf = 0;
            int tpAny = anyAnswer[c][c];
            int predictedAny = 0;
            for (int k = 0; k < n; k++) {
                predicted += confusion[k][c];
                predictedAny += anyAnswer[k][c];
                supportOf += anyAnswer[c][k];
            }
            double precision = ratio(tp, predicted);
            double recall = ratio(tp, supportOf);
            double f1 = f1(precision, recall);
            double f1Any = f1(ratio(tpAny, predictedAny), ratio(tpAny, supportOf));
            f1Sum += f1;
            f1AnySum += f1Any;
            double threshold = version.thresholds()[c];
            perCategory.put(labels.get(c), new JsonObject()
                    .put("support", supportOf)
                    .put("precision", round(precision))
                    .put("recall", round(recall))
                    .put("f1", round(f1))
                    .put("decided", round(ratio(supportOf - confusion[c][n], supportOf)))
                    .put("f1AllAnswered", round(f1Any))
                    .put("threshold", Double.isInfinite(threshold) ? null : round(threshold)));
            Map<String, Integer> row = new TreeMap<>();
            for (int k = 0; k <= n; k++) {
                if (confusion[c][k] > 0) {
                    row.put(k == n ? UNDECIDED : labels.get(k), confusion[c][k]);
                }
            }
            JsonObject r = new JsonObject();
            row.forEach(r::put);
            matrix.put(labels.get(c), r);
        }
        return new JsonObject()
                .put("folds", FOLDS)
                .put("macroF1", round(f1Sum / n))
                .put("coverage", round(ratio(decided, answers.size())))
                .put("precisionDecided", round(ratio(decidedRight, decided)))
                .put("macroF1AllAnswered", round(f1AnySum / n))
                .put("accuracyAllAnswered", round(ratio(right, answers.size())))
                .put("temperature", round(version.temperature()))
                .put("perCategory", perCategory)
                .put("confusion", matrix);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** Folds with each category spread evenly over them, shuffled with a fixed seed. */
    static List<int[]> stratifiedFolds(int[] indices, int[] y, int k, long seed) {
        Map<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i : indices) {
            byLabel.computeIfAbsent(y[i], x -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        int offset = 0;
        for (List<Integer> members : byLabel.values()) {
            java.util.Collections.shuffle(members, random);
            for (int j = 0; j < members.size(); j++) {
                folds.get((j + offset) % k).add(members.get(j));
            }
            offset += members.size();
        }
        return folds.stream().map(f -> f.stream().mapToInt(Integer::intValue).sorted().toArray()).toList();
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] without(int[] from, int[] removed) {
        java.util.Set<Integer> gone = new java.util.HashSet<>();
        for (int r : removed) {
            gone.add(r);
        }
        return Arrays.stream(from).filter(i -> !gone.contains(i)).toArray();
    }
}
