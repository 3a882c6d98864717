package dev.shouli.feature.routing;

import dev.shouli.feature.dedup.Script;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The categories cases are classified into: one or more trees (a consumer taxonomy, a government-hotline one),
 * each category with a code unique across all of them, its names in zh-CN, zh-TW and en, and the codes sources
 * send for it ({@code sourceCodes}: exact, or a prefix ending in {@code *}, e.g. a 12345 platform's GB/T 39666
 * codes). A case keeps the code its source sent; rules and reports find its category through these.
 */
final class Taxonomies {

    static final List<String> LANGUAGES = List.of("zh-CN", "zh-TW", "en");

    /** One category of a tree. */
    record Category(String taxonomy, String code, Map<String, String> names, List<String> sourceCodes,
                    String parent) {

        String name(String language) {
            String name = names.get(language);
            return name != null ? name : names.getOrDefault("zh-CN", code);
        }
    }

    private final Map<String, Category> byCode = new LinkedHashMap<>();
    private final Map<String, String> byName = new LinkedHashMap<>();
    private final List<String> taxonomyNames = new ArrayList<>();

    /** Reads {@code [{name, categories: [{code, names, sourceCodes, children}]}]}; {@code path} names errors. */
    static Taxonomies parse(List<?> taxonomies, String path) {
        Taxonomies out = new Taxonomies();
        for (int i = 0; i < taxonomies.size(); i++) {
            String at = path + "[" + i + "]";
            Map<?, ?> t = Yamls.map(taxonomies.get(i), at);
            String name = Yamls.requiredString(t, "name", at);
            out.taxonomyNames.add(name);
            out.addAll(name, Yamls.list(t.get("categories"), at + ".categories"), null, at + ".categories");
        }
        return out;
    }

    private void addAll(String taxonomy, List<?> categories, String parent, String path) {
        for (int i = 0; i < categories.size(); i++) {
            String at = path + "[" + i + "]";
            Map<?, ?> c = Yamls.map(categories.get(i), at);
            Yamls.onlyKeys(c, at, "code", "names", "sourceCodes", "children");
            String code = Yamls.requiredString(c, "code", at);
            if (byCode.containsKey(code)) {
                throw new IllegalArgumentException(at + ".code: '" + code + "' is already a category of taxonomy "
                        + byCode.get(code).taxonomy() + "; codes must be unique across taxonomies");
            }
            Map<String, String> names = new LinkedHashMap<>();
            Map<?, ?> given = c.get("names") == null ? Map.of() : Yamls.map(c.get("names"), at + ".names");
            for (Map.Entry<?, ?> e : given.entrySet()) {
                String language = String.valueOf(e.getKey());
                if (!LANGUAGES.contains(language)) {
                    throw new IllegalArgumentException(at + ".names: language '" + language + "' is not one of "
                            + LANGUAGES);
                }
                names.put(language, String.valueOf(e.getValue()).strip());
            }
            if (!names.containsKey("zh-CN")) {
                throw new IllegalArgumentException(at + ".names: needs at least the zh-CN name");
            }
            Category category = new Category(taxonomy, code, Map.copyOf(names),
                    Yamls.strings(c.get("sourceCodes"), at + ".sourceCodes"), parent);
            byCode.put(code, category);
            byName.putIfAbsent(fold(code), code);
            names.values().forEach(n -> byName.putIfAbsent(fold(n), code));
            if (c.get("children") != null) {
                addAll(taxonomy, Yamls.list(c.get("children"), at + ".children"), code, at + ".children");
            }
        }
    }

    private static String fold(String s) {
        return Script.fold(s.strip());
    }

    List<String> names() {
        return List.copyOf(taxonomyNames);
    }

    List<Category> all() {
        return List.copyOf(byCode.values());
    }

    Optional<Category> get(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** The code a label stands for: a code, or a name in any language (script, width and case folded). */
    Optional<String> resolve(String label) {
        if (label == null) {
            return Optional.empty();
        }
        if (byCode.containsKey(label.strip())) {
            return Optional.of(label.strip());
        }
        return Optional.ofNullable(byName.get(fold(label)));
    }

    /** The category a case's code belongs to: the category of that code, or the one whose source codes match. */
    Optional<Category> ofCaseCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Category exact = byCode.get(code);
        if (exact != null) {
            return Optional.of(exact);
        }
        Category best = null;
        int bestLength = -1;
        for (Category c : byCode.values()) {
            for (String source : c.sourceCodes()) {
                boolean prefix = source.endsWith("*");
                String s = prefix ? source.substring(0, source.length() - 1) : source;
                boolean match = prefix ? code.startsWith(s) : code.equals(s);
                // The most specific source code wins: 0102* over 01*.
                if (match && s.length() > bestLength) {
                    best = c;
                    bestLength = s.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether a case with {@code caseCode} is in category {@code code} or one below it. */
    boolean within(String caseCode, String code) {
        Optional<Category> c = ofCaseCode(caseCode);
        while (c.isPresent()) {
            if (c.get().code().equals(code)) {
                return true;
            }
            c = get(c.get().parent());
        }
        return false;
    }

    /** A category's name for people; a source's code with the name of the category it belongs to, if any. */
    String label(String code, String language) {
        if (code == null) {
            return "";
        }
        Optional<Category> exact = get(code);
        if (exact.isPresent()) {
            return exact.get().name(language);
        }
        return ofCaseCode(code).map(c -> c.name(language) + " (" + code + ")").orElse(code);
    }

    /** For error messages: the codes people may use. */
    String describe() {
        return "known categories are " + byCode.keySet() + " (or their names)";
    }
}
