package dev.shouli.channel.form;

import dev.shouli.channel.InputText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The posted fields in the order they arrived, as plain strings (no Vert.x types), with the names the page
 * uses. Unknown fields are kept too: they are part of what arrived.
 */
record FormInput(Map<String, List<String>> fields) {

    static final String KIND = "kind";
    static final String NAME = "name";
    static final String PHONE = "phone";
    static final String EMAIL = "email";
    static final String CONFIDENTIAL = "confidential";
    static final String ORGANISATION = "organisation";
    static final String BRANCH = "branch";
    static final String RESPONDENT_ADDRESS = "respondentAddress";
    static final String OCCURRED_AT = "occurredAt";
    static final String SUBJECT = "subject";
    static final String DESCRIPTION = "description";
    static final String DEMAND_TYPES = "demandTypes";
    static final String DEMAND_TEXT = "demandText";
    static final String AMOUNT = "amount";
    static final String PURCHASED_AT = "purchasedAt";
    static final String BRAND = "brand";
    static final String MODEL = "model";
    static final String ORDER_NUMBER = "orderNumber";
    static final String PRICE = "price";
    static final String ATTACHMENTS = "attachments";
    /** Tokens of files held from an earlier post of the form, sent back to keep them. */
    static final String KEPT = "kept";
    /** The anti-forgery token and the form's copy of the double-submit cookie. */
    static final String TOKEN = "token";
    static final String CSRF = "csrf";
    /** The honeypot: hidden from people, filled in by bots that fill in everything. */
    static final String HONEYPOT = "website";

    static FormInput empty() {
        return new FormInput(Map.of());
    }

    static FormInput of(Iterable<Map.Entry<String, String>> entries) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        entries.forEach(e -> fields.computeIfAbsent(InputText.clean(e.getKey()), k -> new ArrayList<>())
                .add(InputText.clean(e.getValue())));
        return new FormInput(fields);
    }

    /** The first value, stripped; null when absent or blank, so "not given" has one representation. */
    String one(String name) {
        List<String> values = fields.getOrDefault(name, List.of());
        String v = values.isEmpty() || values.get(0) == null ? null : values.get(0).strip();
        return v == null || v.isEmpty() ? null : v;
    }

    List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    boolean checked(String name) {
        return one(name) != null;
    }

    /** The same fields without {@code name} (a token that must not be stored). */
    FormInput without(String name) {
        Map<String, List<String>> rest = new LinkedHashMap<>(fields);
        rest.remove(name);
        return new FormInput(rest);
    }

    /** The fields as application/x-www-form-urlencoded, in arrival order, for the stored submission. */
    String toUrlencoded() {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, values) -> values.forEach(v -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }));
        return out.toString();
    }
}
