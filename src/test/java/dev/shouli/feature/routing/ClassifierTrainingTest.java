package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier on the labelled hotline set of bench/classify (its figures are in BENCHMARKS.md; this only
 * checks what must hold whatever the figures): metrics from held-out folds, a version that survives storage,
 * abstention below the thresholds, and refusal of examples it cannot learn from.
 */
class ClassifierTrainingTest {

    private static final ClassifierTraining.Settings SETTINGS =
            new ClassifierTraining.Settings(0.95, 0.90, 300_000, 2, RoutingConfig.SEED);

    private static List<ClassifierTraining.Example> hotline;
    private static ClassifierTraining.Result trained;

    @BeforeAll
    static void train() throws IOException {
        hotline = TrainingCsv.parse(Files.readAllBytes(Path.of("bench/classify/hotline.csv")), Optional::of, "");
        trained = new ClassifierTraining(SETTINGS).train(hotline);
    }

    @Test
    void theMetricsCoverEveryExampleOnceInHeldOutFolds() {
        JsonObject perCategory = trained.metrics().getJsonObject("perCategory");

        int support = perCategory.fieldNames().stream().mapToInt(c -> perCategory.getJsonObject(c).getInteger("support"))
                .sum();
        assertThat(support).isEqualTo(hotline.size());
        assertThat(perCategory.fieldNames()).hasSize(7);
        JsonObject confusion = trained.metrics().getJsonObject("confusion");
        int counted = confusion.fieldNames().stream().mapToInt(t -> confusion.getJsonObject(t).stream()
                .mapToInt(e -> (Integer) e.getValue()).sum()).sum();
        assertThat(counted).isEqualTo(hotline.size());
    }

    @Test
    void undecidedAnswersCountAsWrongSoMacroF1NeverExceedsTheBestGuesses() {
        JsonObject m = trained.metrics();

        assertThat(m.getDouble("macroF1")).isLessThanOrEqualTo(m.getDouble("macroF1AllAnswered"));
        assertThat(m.getDouble("coverage")).isBetween(0.0, 1.0);
    }

    @Test
    void aStoredVersionAnswersAsTheTrainedOne() {
        ClassifierModel loaded = ClassifierModel.fromBytes(trained.model().toBytes());

        for (ClassifierTraining.Example e : hotline.subList(0, 50)) {
            ClassifierModel.Prediction a = trained.model().predict(e.full());
            ClassifierModel.Prediction b = loaded.predict(e.full());
            assertThat(b.top()).isEqualTo(a.top());
            assertThat(b.decided()).isEqualTo(a.decided());
        }
    }

    @Test
    void theVersionAbstainsExactlyBelowTheThresholdOfItsBestCategory() {
        for (ClassifierTraining.Example e : hotline.subList(0, 100)) {
            ClassifierModel.Prediction p = trained.model().predict(e.full());
            assertThat(p.decided()).isEqualTo(p.top().confidence() >= p.threshold());
            assertThat(p.ranked()).hasSize(7);
        }
    }

    @Test
    void traditionalAndFullWidthTextReadsAsSimplified() {
        assertThat(Features.of("電梯壞了ＡＢＣ")).isEqualTo(Features.of("电梯坏了abc"));
    }

    @Test
    void trainingTwiceGivesTheSameVersion() {
        List<ClassifierTraining.Example> part = hotline.subList(0, 300);

        ClassifierTraining.Result a = new ClassifierTraining(SETTINGS).train(part);
        ClassifierTraining.Result b = new ClassifierTraining(SETTINGS).train(part);

        assertThat(b.metrics()).isEqualTo(a.metrics());
    }

    @Test
    void aCategoryWithTooFewExamplesIsRefusedByName() {
        List<ClassifierTraining.Example> few = new ArrayList<>(hotline.subList(0, 200));
        few.add(new ClassifierTraining.Example("", "无人机扰民", "other"));

        assertThatThrownBy(() -> new ClassifierTraining(SETTINGS).train(few))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category other has 1 example");
    }

    @Test
    void theThresholdRuleWantsMoreEvidenceThanThePointEstimate() {
        double z = Calibration.normalQuantile(0.90);

        assertThat(z).isCloseTo(1.2816, org.assertj.core.data.Offset.offset(1e-3));
        // 19 of 20 right is 0.95 on average, but not with 90 % confidence; 60 of 60 is.
        assertThat(Calibration.wilsonLowerBound(19, 20, z)).isLessThan(0.95);
        assertThat(Calibration.wilsonLowerBound(60, 60, z)).isGreaterThan(0.95);
    }
}
