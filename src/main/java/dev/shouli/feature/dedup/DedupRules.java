package dev.shouli.feature.dedup;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.feature.dedup.RespondentKey.Relation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decisions of docs/features/dedup.md on profiles, with no I/O, so they are tested and evaluated directly.
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
     * a shared place, and a similar matter; or, when no respondent is known and at least one side gives no
     * place, a far more similar matter. A known different respondent, or two known different places, rule a
     * link out whatever the words: templated wording ("Noise - Residential: Loud Music/Party", "来电人反映……")
     * is common on every hotline and says nothing about whether two reports are about one problem.
     */
    public Optional<Decision> incident(CaseProfile in, Long personId, List<StoredCase> others) {
        return incidentChoice(in, personId, others).map(IncidentChoice::best);
    }

    /**
     * What the linker acts on: the strongest match, and the strongest with a case already in an incident (it may be
     * the same one).
     */
    public record IncidentChoice(Decision best, Optional<Decision> inIncident) {
    }

    /**
     * The linker's question, with an explanation written only for the decisions it keeps: a case of a busy trader
     * matches dozens of its neighbours, and writing out why for each was a third of the linker's time.
     */
    public Optional<IncidentChoice> incidentChoice(CaseProfile in, Long personId, List<StoredCase> others) {
        List<IncidentMatch> ranked = ranked(in, personId, others);
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        IncidentMatch first = ranked.get(0);
        Decision best = first.decision(in);
        Optional<Decision> inIncident = ranked.stream().filter(m -> m.target().incidentId() != null).findFirst()
                .map(m -> m == first ? best : m.decision(in));
        return Optional.of(new IncidentChoice(best, inIncident));
    }

    private List<IncidentMatch> ranked(CaseProfile in, Long personId, List<StoredCase> others) {
        List<IncidentMatch> out = new ArrayList<>();
        for (StoredCase c : others) {
            if (personId == null || !Objects.equals(personId, c.personId())) {
                IncidentMatch m = incidentOne(in, c);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        out.sort(Comparator.comparingInt(IncidentMatch::rank)
                .thenComparing(Comparator.comparingDouble(IncidentMatch::score).reversed()));
        return out;
    }

    /**
     * The rules in order of the evidence they need, cheapest first: a known different respondent rules a link out
     * before the texts are compared, and so does a pair that no rule could link whatever its words.
     *
     * @return the rule the pair passes, or null
     */
    private IncidentMatch incidentOne(CaseProfile in, StoredCase c) {
        // In milliseconds: Duration.abs() goes through BigDecimal, and this is asked for every pair the linker
        // compares.
        long apartMillis = Math.abs(in.receivedAt().toEpochMilli() - c.receivedAt().toEpochMilli());
        if (apartMillis > config.incidentWindow().toMillis()) {
            return null;
        }
        Relation relation = relation(in, c);
        if (relation == Relation.DIFFERENT) {
            return null;
        }
        PlaceMatch place = placeMatch(in, c);
        boolean samePlace = place.same() && !categoriesDiffer(in, c);
        boolean wordsAlone = relation == Relation.UNKNOWN && place == PlaceMatch.UNKNOWN;
        if (relation != Relation.SAME && !samePlace && !wordsAlone) {
            return null;
        }
        TextFingerprint.Similarity sim = in.fingerprint().compare(c.shingles());
        double score = sim.score(config.minShinglesForContainment());
        if (relation == Relation.SAME && score >= config.incidentSimilarity()) {
            return new IncidentMatch(c, "incident: same respondent, similar matter", 0, score, relation, place, sim);
        }
        if (samePlace && score >= config.incidentSimilarity()) {
            return new IncidentMatch(c, "incident: same place, similar matter", 0, score, relation, place, sim);
        }
        if (wordsAlone && score >= config.incidentTextOnlySimilarity()
                && Math.min(in.fingerprint().size(), c.shingles().length) >= config.minShinglesForContainment()) {
            return new IncidentMatch(c, "incident: very similar matter", 1, score, relation, place, sim);
        }
        return null;
    }

    /** A pair that passed an incident rule, before its explanation is written. */
    private record IncidentMatch(StoredCase target, String rule, int rank, double score, Relation relation,
                                 PlaceMatch place, TextFingerprint.Similarity sim) {

        Decision decision(CaseProfile in) {
            JsonObject why = new JsonObject()
                    .put("rule", rule)
                    .put("respondent", relation == Relation.SAME ? in.respondent().known() ? in.respondent().base()
                            : target.respondent().base() : null)
                    .put("place", place.same() ? place.evidence() : null)
                    .put("jaccard", round(sim.jaccard()))
                    .put("containment", round(sim.containment()))
                    .put("score", round(score))
                    .put("matchedReference", target.reference());
            return new Decision(target, null, rule, rank, score, why);
        }
    }

    /** Whether two cases happened at one place, by what evidence, or whether that is unknown. */
    enum PlaceMatch {
        SAME_ADDRESS("same address"), SAME_AREA("same estate or building"), NEARBY("coordinates nearby"),
        NAMED_IN_TEXT("place named in the text"), DIFFERENT("different places"), UNKNOWN("unknown");

        private final String evidence;

        PlaceMatch(String evidence) {
            this.evidence = evidence;
        }

        boolean same() {
            return this != DIFFERENT && this != UNKNOWN;
        }

        String evidence() {
            return evidence;
        }
    }

    /**
     * Where both cases give a location, it decides. Street addresses down to the house number first (from the
     * location field or the text): one shared is the same building, none shared two buildings — however close
     * their coordinates (next door is another party). Then coordinates within {@code incidentRadiusMetres}.
     * Then the location fields: the same address (one perhaps less specific: "建国路" and "建国路88号") or a
     * shared estate or building (锦绣花园3栋 and 锦绣花园5栋). Anything else is two places. Where only one side
     * gives a location, the other's text may name it ("幸福小区停电了").
     */
    PlaceMatch placeMatch(CaseProfile in, StoredCase c) {
        if (!in.addresses().isEmpty() && !c.addresses().isEmpty()) {
            return sharesAny(in.addresses(), c.addresses()) ? PlaceMatch.SAME_ADDRESS
                    : PlaceMatch.DIFFERENT;
        }
        boolean bothPoints = in.point() != null && c.point() != null;
        if (bothPoints) {
            return in.point().metresTo(c.point()) <= config.incidentRadiusMetres() ? PlaceMatch.NEARBY
                    : PlaceMatch.DIFFERENT;
        }
        if (in.place() != null && c.place() != null) {
            return Places.sameAddress(in.place(), c.place()) ? PlaceMatch.SAME_ADDRESS
                    : Places.sharesArea(in.place(), c.place()) ? PlaceMatch.SAME_AREA : PlaceMatch.DIFFERENT;
        }
        if (sharesAny(in.placeKeys(), c.placeKeys())
                || in.place() != null && names(c.foldedText(), in.place())
                || c.place() != null && names(in.foldedText(), c.place())) {
            return PlaceMatch.NAMED_IN_TEXT;
        }
        return PlaceMatch.UNKNOWN;
    }

    private static boolean sharesAny(List<String> a, List<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    /** Both give a category and they differ: a pothole and a noise complaint at one address are two problems. */
    private static boolean categoriesDiffer(CaseProfile in, StoredCase c) {
        return in.category() != null && c.category() != null && !in.category().equals(c.category());
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
