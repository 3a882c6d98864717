package dev.shouli.feature.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of matter a case is, decided in order: the source's own code, the desk's keyword rules, the
 * classifier's active version — which abstains below its category's threshold. An abstention has no category,
 * only suggestions; a rule about categories then cannot send the case anywhere but triage.
 *
 * @param category    the decided category, null when undecided
 * @param confidence  1 for a source's code or a keyword; the classifier's calibrated confidence in its best
 *                    category (also when it abstained); null when no classifier was asked
 * @param source      source, keyword, model or none (no classifier version active)
 * @param suggestions the classifier's three best categories with their confidences
 * @param model       what the classifier said, also when the source or a keyword decided (for dry runs)
 */
record Classification(String category, Double confidence, boolean decided, String source, String reason,
                      Integer version, List<ClassifierModel.Scored> suggestions, ClassifierModel.Prediction model) {

    /** A loaded classifier version. */
    record Version(int number, ClassifierModel model) {
    }

    static Classification of(String sourceCategory, String subject, String description, RuleSet rules,
                             Optional<Version> active) {
        String text = Features.text(subject, description);
        ClassifierModel.Prediction prediction = active.map(v -> v.model().predict(text)).orElse(null);
        Integer version = active.map(Version::number).orElse(null);
        List<ClassifierModel.Scored> top = prediction == null ? List.of()
                : prediction.ranked().subList(0, Math.min(3, prediction.ranked().size()));
        if (sourceCategory != null) {
            return new Classification(sourceCategory, 1.0, true, "source",
                    "the source sent category " + sourceCategory, null, top, prediction);
        }
        var keyword = rules.keyword(Features.normalise(text));
        if (keyword.isPresent()) {
            return new Classification(keyword.get().getKey().category(), 1.0, true, "keyword",
                    "keyword rule: '" + keyword.get().getValue() + "' → " + keyword.get().getKey().category(),
                    null, top, prediction);
        }
        if (prediction == null) {
            return new Classification(null, null, false, "none", "no classifier version is active", null, top, null);
        }
        ClassifierModel.Scored best = prediction.top();
        String at = String.format(Locale.ROOT, "%.2f", best.confidence());
        if (prediction.decided()) {
            return new Classification(best.category(), best.confidence(), true, "model",
                    "classifier version " + version + ": " + best.category() + " at " + at + ", threshold "
                            + String.format(Locale.ROOT, "%.2f", prediction.threshold()), version, top, prediction);
        }
        String why = Double.isInfinite(prediction.threshold())
                ? "version " + version + " never decides " + best.category() + " (training could not show a safe threshold)"
                : best.category() + " at " + at + " is below its threshold "
                        + String.format(Locale.ROOT, "%.2f", prediction.threshold());
        return new Classification(null, best.confidence(), false, "model", "classifier abstained: " + why, version,
                top, prediction);
    }

    JsonArray suggestionsJson() {
        JsonArray out = new JsonArray();
        suggestions.forEach(s -> out.add(new JsonObject().put("category", s.category())
                .put("confidence", Math.round(s.confidence() * 10_000) / 10_000.0)));
        return out;
    }

    /** The dry run's answer ({@code POST /api/v1/classify}). */
    JsonObject toJson() {
        return new JsonObject()
                .put("category", category)
                .put("confidence", confidence == null ? 0.0 : Math.round(confidence * 10_000) / 10_000.0)
                .put("decided", decided)
                .put("alternatives", suggestionsJson())
                .put("reason", reason)
                .put("source", source)
                .put("classifierVersion", version);
    }
}
