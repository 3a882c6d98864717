package dev.shouli.core.cases;

import com.github.houbb.opencc4j.core.impl.ZhConvertBootstrap;
import com.github.houbb.opencc4j.support.segment.impl.Segments;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.FullWidth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Search that finds people: what a desk agent types in one box — a reference, a phone number whole, in national
 * form or any fragment of four digits or more, an e-mail address, an order number, a name, a trader, words of the
 * complaint — matched as a substring of one indexed text per case ({@link #TEXT}, trigram GIN index of
 * V18__cases_search_finds_people.sql). Script does not matter: the words are looked for as typed, in simplified and
 * in traditional characters, so 樂動力 finds 乐动力 and the other way round. A confidential (保密) complainant's name,
 * address and phone are not in the text: searching by them would tell who complained.
 */
public final class CaseSearch {

    /** Exactly the indexed expression of V18__cases_search_finds_people.sql; {@code c} is the case table. */
    public static final String TEXT = """
            (c.reference || ' ' || coalesce(c.subject, '') || ' ' || coalesce(c.description, '') || ' '
                || coalesce(c.respondent_name, '') || ' ' || coalesce(c.product ->> 'orderNumber', '') || ' '
                || CASE WHEN c.complainant ->> 'confidential' = 'true' THEN ''
                        ELSE coalesce(c.complainant ->> 'name', '') || ' ' || coalesce(c.complainant_email, '') || ' '
                             || coalesce(c.complainant_phone, '') END)""";

    private static final Pattern PHONE_LIKE = Pattern.compile("[+(]?[0-9][0-9 ()\\-.]*");
    private static final ZhConvertBootstrap SCRIPTS = ZhConvertBootstrap.newInstance(Segments.chars()).init();

    /**
     * A query understood: an exact reference, or one to three ILIKE patterns over {@link #TEXT} (as typed, in
     * simplified and in traditional characters), or nothing to search for.
     */
    public record Query(String reference, List<String> patterns) {

        public boolean any() {
            return reference != null || !patterns.isEmpty();
        }

        /**
         * The SQL condition over {@link #TEXT}: one ILIKE per pattern, OR'd, so each is an index scan of its own;
         * {@code TRUE} without patterns.
         *
         * @param parameter the placeholder of the {@code i}-th pattern, e.g. {@code $15} or {@code #{q0}}
         */
        public String condition(IntFunction<String> parameter) {
            if (patterns.isEmpty()) {
                return "TRUE";
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                parts.add(TEXT + " ILIKE " + parameter.apply(i) + " ESCAPE '\\'");
            }
            return "(" + String.join(" OR ", parts) + ")";
        }
    }

    private CaseSearch() {
    }

    /**
     * opencc4j reads its character tables on first use: the gateway calls this at start-up, off the event loop, so
     * the first search does not pay for it on an event loop.
     */
    public static void warmUp() {
        parse("預熱");
    }

    /** @param text what was typed; null or blank searches nothing */
    public static Query parse(String text) {
        String q = text == null ? "" : FullWidth.toHalfWidth(text).strip();
        if (q.isEmpty()) {
            return new Query(null, List.of());
        }
        try {
            return new Query(CaseReference.parse(q).toString(), List.of());
        } catch (IllegalArgumentException notAReference) {
            // searched as text below
        }
        if (PHONE_LIKE.matcher(q).matches()) {
            String digits = q.replaceAll("[^0-9]", "");
            if (digits.length() >= 4) {
                // A number as people say it: 138 0013 8000, 0755-8888 1234, +86 138… The stored phone is E.164, so
                // a national number with its leading 0 is found by what follows the 0.
                Set<String> needles = new LinkedHashSet<>();
                needles.add(digits);
                if (digits.startsWith("0") && digits.length() > 4) {
                    needles.add(digits.substring(1));
                }
                return new Query(null, needles.stream().map(CaseSearch::contains).toList());
            }
        }
        Set<String> variants = new LinkedHashSet<>();
        variants.add(q);
        variants.add(SCRIPTS.toSimple(q));
        variants.add(SCRIPTS.toTraditional(q));
        return new Query(null, variants.stream().map(CaseSearch::contains).toList());
    }

    /** A substring pattern for ILIKE, its wildcards escaped. */
    private static String contains(String s) {
        return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
