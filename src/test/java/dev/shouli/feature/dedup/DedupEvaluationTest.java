package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs the labelled set through the real intake path. The scores are a benchmark (BENCHMARKS.md, "Dedup"),
 * not a unit threshold; this test checks the evaluation runs over the whole set and produces them. Form
 * submissions have not proven their contact, so their matches are possible duplicates, not merges: both scores
 * are printed, the merges as they stand and counting pending confirmations.
 */
class DedupEvaluationTest {

    @Test
    void evaluationRunsOverTheWholeLabelledSetAndScoresMergesAndIncidents() throws Exception {
        DedupEvaluation.Result result = DedupEvaluation.run();

        assertThat(result.submissions()).isGreaterThanOrEqualTo(300);
        assertThat(result.outcomes().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(result.submissions());
        assertThat(result.merges().truePositives()).isPositive();
        assertThat(result.possibleDuplicates()).as("form submissions matching an earlier case").isPositive();
        assertThat(result.mergesOrPending().truePositives()).isGreaterThan(result.merges().truePositives());
        assertThat(result.incidents().truePositives()).isPositive();
        assertThat(result.incidentsOrPending().truePositives())
                .isGreaterThanOrEqualTo(result.incidents().truePositives());
        System.out.println("dedup evaluation: merges " + result.merges() + "; merged or pending confirmation "
                + result.mergesOrPending() + "; incidents " + result.incidents() + "; linked or pending confirmation "
                + result.incidentsOrPending());
    }

    @Test
    void evaluationRunsOverTheNightOfTemplatedReports() throws Exception {
        DedupEvaluation.Result result = DedupEvaluation.run(DedupEvaluation.NIGHT, java.util.Map.of());

        assertThat(result.submissions()).isGreaterThanOrEqualTo(150);
        assertThat(result.incidents().truePositives()).isPositive();
        System.out.println("dedup evaluation, night of reports: incidents " + result.incidents());
    }
}
