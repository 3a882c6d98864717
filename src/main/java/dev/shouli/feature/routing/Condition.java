package dev.shouli.feature.routing;

import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.feature.dedup.GeoPoint;
import dev.shouli.feature.dedup.RespondentKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A routing rule's condition: AND ({@code all}), OR ({@code any}) and NOT ({@code not}) over tests of the case.
 * Three-valued: a test of the category of a case the classifier abstained on is neither true nor false but
 * unknown, and stays unknown through NOT — so {@code not: {category: x}} never sends an undecided case anywhere.
 * A rule applies only when its condition is true.
 */
@FunctionalInterface
interface Condition {

    enum Truth {
        TRUE, FALSE, UNKNOWN;

        static Truth of(boolean b) {
            return b ? TRUE : FALSE;
        }

        Truth not() {
            return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
        }
    }

    Condition ALWAYS = facts -> Truth.TRUE;

    Truth test(CaseFacts facts);

    /** The tests a condition may use, for error messages and docs. */
    List<String> TESTS = List.of("all", "any", "not", "category", "respondent", "place", "near", "within", "channel",
            "hotlineSource", "keywords", "kind", "urgency", "amount");

    /**
     * Reads a condition: a mapping whose keys are tests, all of which must hold. Nothing (or an empty mapping)
     * always holds.
     *
     * @param categories what a category written in a rule stands for, and which categories lie below it
     */
    static Condition parse(Object value, String path, Taxonomies categories) {
        if (value == null) {
            return ALWAYS;
        }
        Map<?, ?> m = Yamls.map(value, path);
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            String at = path + "." + key;
            parts.add(switch (key) {
                case "all" -> all(each(e.getValue(), at, categories));
                case "any" -> any(each(e.getValue(), at, categories));
                case "not" -> {
                    Condition inner = parse(e.getValue(), at, categories);
                    yield facts -> inner.test(facts).not();
                }
                default -> test(key, e.getValue(), at, categories);
            });
        }
        return parts.size() == 1 ? parts.get(0) : all(parts);
    }

    private static List<Condition> each(Object value, String path, Taxonomies categories) {
        List<?> items = Yamls.list(value, path);
        if (items.isEmpty()) {
            throw new IllegalArgumentException(path + ": needs at least one condition");
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(parse(items.get(i), path + "[" + i + "]", categories));
        }
        return out;
    }

    /** AND: false if any part is false, else unknown if any is unknown, else true. */
    private static Condition all(List<Condition> parts) {
        return combine(parts, Truth.FALSE);
    }

    /** OR: true if any part is true, else unknown if any is unknown, else false. */
    private static Condition any(List<Condition> parts) {
        return combine(parts, Truth.TRUE);
    }

    /** Kleene's connectives: the {@code deciding} value wins, unknown comes next, the other value last. */
    private static Condition combine(List<Condition> parts, Truth deciding) {
        Truth otherwise = deciding.not();
        return facts -> {
            Truth result = otherwise;
            for (Condition c : parts) {
                Truth t = c.test(facts);
                if (t == deciding) {
                    return deciding;
                }
                if (t == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        };
    }

    private static Condition test(String key, Object value, String at, Taxonomies categories) {
        return switch (key) {
            case "category" -> category(categories, codes(value, at, l -> categories.resolve(l).orElse(null),
                    "a category: " + categories.describe()));
            case "respondent" -> {
                List<RespondentKey> names = Yamls.strings(value, at).stream().map(CaseFacts::respondentKey).toList();
                yield facts -> Truth.of(names.stream()
                        .anyMatch(n -> facts.respondent().relationTo(n) == RespondentKey.Relation.SAME));
            }
            case "place" -> {
                List<String> places = folded(value, at);
                yield facts -> Truth.of(places.stream().anyMatch(p -> facts.place().contains(p)));
            }
            case "keywords" -> {
                List<String> words = folded(value, at);
                yield facts -> Truth.of(words.stream().anyMatch(w -> facts.text().contains(w)));
            }
            case "channel" -> {
                List<String> channels = Yamls.strings(value, at);
                yield facts -> Truth.of(channels.stream().anyMatch(c -> c.equals(facts.channel())
                        || facts.channel().startsWith(c + ":")));
            }
            case "hotlineSource" -> {
                List<String> sources = Yamls.strings(value, at).stream().map(s -> "hotline:" + s).toList();
                yield facts -> Truth.of(sources.contains(facts.channel()));
            }
            case "kind" -> {
                List<String> kinds = codes(value, at, k -> ComplaintKind.parse(k).map(ComplaintKind::code).orElse(null),
                        "a kind: complaint, report, inquiry, suggestion, help or praise");
                yield facts -> Truth.of(kinds.contains(facts.kind()));
            }
            case "urgency" -> {
                List<String> levels = codes(value, at, u -> Urgency.parse(u).map(Urgency::code).orElse(null),
                        "an urgency: normal, urgent or critical");
                yield facts -> Truth.of(levels.contains(facts.urgency()));
            }
            case "amount" -> amount(value, at);
            case "near" -> near(value, at);
            case "within" -> within(value, at);
            default -> throw new IllegalArgumentException(at + ": unknown condition '" + key + "'; conditions are "
                    + TESTS);
        };
    }

    private static Condition category(Taxonomies categories, List<String> codes) {
        return facts -> facts.category() == null ? Truth.UNKNOWN
                : Truth.of(codes.stream().anyMatch(c -> categories.within(facts.category(), c)));
    }

    private static List<String> folded(Object value, String at) {
        List<String> out = Yamls.strings(value, at).stream().map(Features::normalise).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException(at + ": needs at least one entry");
        }
        return out;
    }

    private static List<String> codes(Object value, String at, Function<String, String> parse, String expected) {
        List<String> out = new ArrayList<>();
        for (String s : Yamls.strings(value, at)) {
            String code = parse.apply(s);
            if (code == null) {
                throw new IllegalArgumentException(at + ": '" + s + "' is not " + expected);
            }
            out.add(code);
        }
        return out;
    }

    private static Condition amount(Object value, String at) {
        Map<?, ?> m = Yamls.map(value, at);
        Yamls.onlyKeys(m, at, "min", "max");
        BigDecimal min = m.get("min") == null ? null : BigDecimal.valueOf(Yamls.number(m.get("min"), at + ".min"));
        BigDecimal max = m.get("max") == null ? null : BigDecimal.valueOf(Yamls.number(m.get("max"), at + ".max"));
        if (min == null && max == null) {
            throw new IllegalArgumentException(at + ": give min, max or both");
        }
        return facts -> Truth.of(facts.amount() != null
                && (min == null || facts.amount().compareTo(min) >= 0)
                && (max == null || facts.amount().compareTo(max) <= 0));
    }

    private static Condition near(Object value, String at) {
        Map<?, ?> m = Yamls.map(value, at);
        Yamls.onlyKeys(m, at, "lat", "long", "radiusMetres");
        GeoPoint centre = GeoPoint.of(Yamls.number(m.get("lat"), at + ".lat"), Yamls.number(m.get("long"), at + ".long"));
        double radius = Yamls.number(m.get("radiusMetres"), at + ".radiusMetres");
        if (centre == null || radius <= 0) {
            throw new IllegalArgumentException(at + ": needs lat, long and a positive radiusMetres");
        }
        return facts -> Truth.of(facts.point() != null && facts.point().metresTo(centre) <= radius);
    }

    /** A polygon of [lat, long] corners; a point inside it by the even-odd rule (areas of a city, not of a globe). */
    private static Condition within(Object value, String at) {
        List<?> corners = Yamls.list(value, at);
        if (corners.size() < 3) {
            throw new IllegalArgumentException(at + ": a polygon needs at least three [lat, long] corners");
        }
        double[] lat = new double[corners.size()];
        double[] lon = new double[corners.size()];
        for (int i = 0; i < corners.size(); i++) {
            List<?> corner = Yamls.list(corners.get(i), at + "[" + i + "]");
            if (corner.size() != 2) {
                throw new IllegalArgumentException(at + "[" + i + "]: expected [lat, long]");
            }
            lat[i] = Yamls.number(corner.get(0), at + "[" + i + "][0]");
            lon[i] = Yamls.number(corner.get(1), at + "[" + i + "][1]");
        }
        return facts -> {
            if (facts.point() == null) {
                return Truth.FALSE;
            }
            double y = facts.point().latitude();
            double x = facts.point().longitude();
            boolean inside = false;
            for (int i = 0, j = lat.length - 1; i < lat.length; j = i++) {
                if ((lat[i] > y) != (lat[j] > y) && x < (lon[j] - lon[i]) * (y - lat[i]) / (lat[j] - lat[i]) + lon[i]) {
                    inside = !inside;
                }
            }
            return Truth.of(inside);
        };
    }
}
