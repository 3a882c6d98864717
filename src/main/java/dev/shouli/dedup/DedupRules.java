package dev.shouli.dedup;

import dev.shouli.config.ShouliConfig.DedupConfig;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.dedup.RespondentKey.Relation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decisions of DESIGN §4 on profiles, with no I/O, so they are tested and evaluated directly.
 * Every decision carries its reasons (rule, keys, scores) for the case history.
 */
public final class DedupRules {

    private final DedupConfig config;
    private final RespondentKey.Normaliser respondents;

    public DedupRules(DedupConfig config, RespondentKey.Normaliser respondents) {
        this.config = config;
        this.respondents = respondents;
    }

    /** A decision about one candidate case; {@code rank} orders rules by strength (lower wins). */
    public record Decision(StoredCase target, IntakeOutcome outcome, String rule, int rank, double score,
                           JsonObject why) {
    }

    /**
     * Same person: does the new submission follow up or duplicate one of their open cases?
     *
     * @param matchedKeys the identity keys shared with the candidates' person, for the record
     */
    public Optional<Decision> join(CaseProfile incoming, List<StoredCase> samePersonOpen, List<String> matchedKeys) {
        return samePersonOpen.stream()
                .map(c -> joinOne(incoming, c, matchedKeys))
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(Decision::rank)
                        .thenComparing(Comparator.comparingDouble(Decision::score).reversed())
                        .thenComparing(d -> d.target().receivedAt(), Comparator.reverseOrder()));
    }

    private Optional<Decision> joinOne(CaseProfile in, StoredCase c, List<String> matchedKeys) {
        // Two arrivals at the same moment on two instances may take the lock in either order: the case found
        // can be a few milliseconds younger than the submission, which is no reason to keep them apart.
        Duration age = Duration.between(c.receivedAt(), in.receivedAt()).abs();
        if (age.compareTo(config.duplicateWindow()) > 0) {
            return Optional.empty();
        }
        Relation relation = relation(in, c);
        if (relation == Relation.DIFFERENT) {
            return Optional.empty();
        }
        boolean ordersDiffer = in.orderNumber() != null && c.orderNumber() != null
                && !in.orderNumber().equals(c.orderNumber());
        if (ordersDiffer) {
            return Optional.empty();
        }
        boolean sameOrder = in.orderNumber() != null && in.orderNumber().equals(c.orderNumber());
        TextFingerprint.Similarity sim = in.fingerprint().compare(c.shingles());
        double score = sim.score(config.minShinglesForContainment());
        boolean followUpTime = age.compareTo(config.followUpWindow()) <= 0;
        boolean shortMessage = in.textChars() <= config.shortMessageChars();
        JsonObject why = new JsonObject()
                .put("keys", new JsonArray(matchedKeys.stream().map(DedupRules::maskedKey).toList()))
                .put("respondent", relation.name().toLowerCase())
                .put("jaccard", round(sim.jaccard()))
                .put("containment", round(sim.containment()))
                .put("ageHours", age.toHours())
                .put("matchedReference", c.reference());
        if (sameOrder) {
            why.put("orderNumber", in.orderNumber());
        }
        String rule;
        IntakeOutcome outcome;
        int rank;
        // A reply adds to the case; a message that repeats it (similar text, same order) is a duplicate; a
        // short message that neither repeats nor contradicts it is the complainant writing again.
        if (followUpTime && in.reply()) {
            rule = "follow-up: reply on an open case";
            outcome = IntakeOutcome.APPENDED;
            rank = 0;
        } else if (sameOrder) {
            rule = "duplicate: same person, same order number";
            outcome = IntakeOutcome.MERGED;
            rank = 1;
        } else if (score >= config.duplicateSimilarity()) {
            rule = "duplicate: same person, similar matter";
            outcome = IntakeOutcome.MERGED;
            rank = 2;
        } else if (relation == Relation.SAME && age.compareTo(config.sameRespondentWindow()) <= 0) {
            rule = "duplicate: same person, same respondent";
            outcome = IntakeOutcome.MERGED;
            rank = 3;
        } else if (followUpTime && shortMessage) {
            rule = "follow-up: short message soon after";
            outcome = IntakeOutcome.APPENDED;
            rank = 4;
        } else {
            return Optional.empty();
        }
        why.put("rule", rule).put("score", round(score));
        return Optional.of(new Decision(c, outcome, rule, rank, score, why));
    }

    /**
     * Different people: does a new case belong with another case in an incident? Needs a shared respondent or
     * place and a similar matter, or a very similar matter where one side names neither.
     */
    public Optional<Decision> incident(CaseProfile in, Long personId, List<StoredCase> others) {
        return others.stream()
                .filter(c -> personId == null || !Objects.equals(personId, c.personId()))
                .map(c -> incidentOne(in, c))
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(Decision::rank)
                        .thenComparing(Comparator.comparingDouble(Decision::score).reversed()));
    }

    private Optional<Decision> incidentOne(CaseProfile in, StoredCase c) {
        Duration age = Duration.between(c.receivedAt(), in.receivedAt()).abs();
        if (age.compareTo(config.incidentWindow()) > 0) {
            return Optional.empty();
        }
        Relation relation = relation(in, c);
        boolean samePlace = samePlace(in, c);
        if (relation == Relation.DIFFERENT && !samePlace) {
            return Optional.empty();
        }
        TextFingerprint.Similarity sim = in.fingerprint().compare(c.shingles());
        double score = sim.score(config.minShinglesForContainment());
        String rule;
        int rank;
        if ((relation == Relation.SAME || samePlace) && score >= config.incidentSimilarity()) {
            rule = relation == Relation.SAME ? "incident: same respondent, similar matter"
                    : "incident: same place, similar matter";
            rank = 0;
        } else if (relation == Relation.UNKNOWN && score >= config.incidentTextOnlySimilarity()) {
            rule = "incident: very similar matter";
            rank = 1;
        } else {
            return Optional.empty();
        }
        JsonObject why = new JsonObject()
                .put("rule", rule)
                .put("respondent", relation == Relation.SAME ? in.respondent().known() ? in.respondent().base()
                        : c.respondent().base() : null)
                .put("place", samePlace ? in.place() : null)
                .put("jaccard", round(sim.jaccard()))
                .put("containment", round(sim.containment()))
                .put("score", round(score))
                .put("matchedReference", c.reference());
        return Optional.of(new Decision(c, null, rule, rank, score, why));
    }

    /** Respondent relation, also when one side named none but its text names the other's. */
    Relation relation(CaseProfile in, StoredCase c) {
        Relation r = in.respondent().relationTo(c.respondent());
        if (r == Relation.UNKNOWN && (respondents.mentions(in.foldedText(), c.respondent())
                || respondents.mentions(c.foldedText(), in.respondent()))) {
            return Relation.SAME;
        }
        return r;
    }

    private static final java.util.regex.Pattern PLACE_WORDS =
            java.util.regex.Pattern.compile("(片区|小区|社区|街道|一带|附近|周边|area|district)$");

    /** The same place: a shared place key, or one side's text names the other's place ("幸福小区停电了"). */
    static boolean samePlace(CaseProfile in, StoredCase c) {
        if (in.place() != null && in.place().equals(c.place())
                || in.placeKeys().stream().anyMatch(c.placeKeys()::contains)) {
            return true;
        }
        return in.place() != null && names(c.foldedText(), in.place())
                || c.place() != null && names(in.foldedText(), c.place());
    }

    private static boolean names(String foldedText, String place) {
        String core = PLACE_WORDS.matcher(place).replaceFirst("");
        return core.codePointCount(0, core.length()) >= 2 && foldedText != null && foldedText.contains(core);
    }

    /** Keys go into the case history; a phone or email there is shown to desks, so only its tail is kept. */
    static String maskedKey(String key) {
        int colon = key.indexOf(':');
        String kind = key.substring(0, colon);
        String value = key.substring(colon + 1);
        return kind + ":" + (value.length() <= 4 ? "****" : "…" + value.substring(value.length() - 4));
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
