package dev.shouli.channel.open311;

import dev.shouli.channel.InputText;
import dev.shouli.channel.open311.Open311Config.Attribute;
import dev.shouli.channel.open311.Open311Config.Service;
import dev.shouli.channel.open311.Open311Error.Entry;
import dev.shouli.core.intake.Emails;
import dev.shouli.core.intake.PhoneNumbers;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a form-encoded POST requests body (UTF-8, as the spec requires) and checks it against the service
 * definition. Every problem is reported at once; an unknown service code alone is a 404.
 */
public final class Open311RequestParser {

    static final int MAX_DESCRIPTION = 4000;
    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([^\\]]+)\\](\\[\\])?");

    private final Open311Config config;
    private final PhoneNumbers phones;

    public Open311RequestParser(Open311Config config, PhoneNumbers phones) {
        this.config = config;
        this.phones = phones;
    }

    public static Map<String, List<String>> form(String body) {
        return InputText.clean(new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters());
    }

    public static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return null; // "optional" in GeoReport: empty and absent mean the same
        }
        return values.get(0).strip();
    }

    public Open311Request parse(Map<String, List<String>> form) {
        String code = first(form, "service_code");
        if (code == null) {
            throw new Open311Error(400, "service_code was not provided");
        }
        Service service = config.service(code);
        if (service == null) {
            throw new Open311Error(404, "service_code " + code + " was not found");
        }
        List<Entry> errors = new ArrayList<>();
        Double lat = coordinate(form, "lat", 90, errors);
        Double lon = coordinate(form, "long", 180, errors);
        if ((lat == null) != (lon == null) && errors.isEmpty()) {
            errors.add(new Entry(400, "lat and long must be sent together"));
        }
        String addressString = first(form, "address_string");
        String addressId = first(form, "address_id");
        if (lat == null && addressString == null && addressId == null && errors.isEmpty()) {
            errors.add(new Entry(400, "a location is required: lat and long, address_string or address_id"));
        }
        String description = first(form, "description");
        if (description != null && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
            errors.add(new Entry(400, "description is longer than " + MAX_DESCRIPTION + " characters"));
        }
        String email = first(form, "email");
        if (email != null && Emails.normalise(email).isEmpty()) {
            errors.add(new Entry(400, "email is not a valid email address"));
        }
        String phone = first(form, "phone");
        if (phone != null && phones.toE164(phone).isEmpty()) {
            errors.add(new Entry(400, "phone is not a valid phone number"));
        }
        String mediaUrl = first(form, "media_url");
        if (mediaUrl != null && (!mediaUrl.matches("(?i)https?://\\S+") || mediaUrl.length() > 2000)) {
            errors.add(new Entry(400, "media_url must be an http(s) URL of at most 2000 characters"));
        }
        Map<String, List<String>> attributes = attributes(form, service, errors);
        if (!errors.isEmpty()) {
            throw new Open311Error(400, errors);
        }
        return new Open311Request(service, lat, lon, addressString, addressId, email, first(form, "device_id"),
                first(form, "account_id"), first(form, "first_name"), first(form, "last_name"), phone, description,
                mediaUrl, attributes);
    }

    private static Double coordinate(Map<String, List<String>> form, String name, double limit, List<Entry> errors) {
        String v = first(form, name);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && Math.abs(d) <= limit) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new Entry(400, name + " must be a WGS84 number from -" + (int) limit + " to " + (int) limit));
        return null;
    }

    private static Map<String, List<String>> attributes(Map<String, List<String>> form, Service service,
                                                        List<Entry> errors) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            Matcher m = ATTRIBUTE.matcher(name);
            if (!m.matches()) {
                return;
            }
            Attribute attribute = service.attribute(m.group(1));
            List<String> given = values.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
            if (attribute == null) {
                errors.add(new Entry(400, "attribute " + m.group(1) + " is not defined for service " + service.code()));
                return;
            }
            if (!given.isEmpty()) {
                out.computeIfAbsent(attribute.code(), k -> new ArrayList<>()).addAll(given);
            }
        });
        for (Attribute a : service.attributes()) {
            List<String> values = out.get(a.code());
            if (values == null) {
                if (a.required()) {
                    errors.add(new Entry(400, "attribute " + a.code() + " is required: " + a.description()));
                }
                continue;
            }
            if (values.size() > 1 && !"multivaluelist".equals(a.datatype())) {
                errors.add(new Entry(400, "attribute " + a.code() + " takes one value"));
            }
            for (String v : values) {
                String problem = check(a, v);
                if (problem != null) {
                    errors.add(new Entry(400, "attribute " + a.code() + " " + problem));
                }
            }
        }
        return out;
    }

    private static String check(Attribute a, String value) {
        switch (a.datatype()) {
            case "number" -> {
                try {
                    Double.parseDouble(value);
                    return null;
                } catch (NumberFormatException e) {
                    return "must be a number";
                }
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(value);
                    return null;
                } catch (DateTimeParseException e) {
                    return "must be a W3C date-time with an offset";
                }
            }
            case "singlevaluelist", "multivaluelist" -> {
                return a.values().stream().anyMatch(v -> v.key().equals(value)) ? null
                        : "must be one of the keys " + a.values().stream().map(Open311Config.Value::key).toList();
            }
            default -> {
                return value.length() > 2000 ? "is longer than 2000 characters" : null;
            }
        }
    }
}
