package dev.shouli.channel.sms;

import dev.shouli.channel.Utf8;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoding shared by the providers: strict form and query decoding (UTF-8 only, repeated names kept),
 * JSON objects and arrays, and field helpers. Every failure becomes one {@link MalformedPayloadException}.
 */
public abstract class SmsProviderBase implements SmsProvider {

    protected static final String FORM = "application/x-www-form-urlencoded";
    protected static final String JSON = "application/json";

    /** Decodes {@code a=1&b=%E4%B8%AD&b=2}; {@code +} is a space; names without {@code =} get an empty value. */
    public static Map<String, List<String>> decodeForm(String raw, String what) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), what);
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), what);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String percentDecode(String s, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new MalformedPayloadException(what + " has a broken percent escape near '"
                            + s.substring(i, Math.min(s.length(), i + 3)) + "'");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                // Raw non-ASCII in a form is not how forms are sent, but it is unambiguous: keep its UTF-8.
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            } else {
                bytes.write(c);
            }
        }
        return utf8(bytes.toByteArray(), what);
    }

    protected static String utf8(byte[] bytes, String what) {
        try {
            return Utf8.decode(bytes, what);
        } catch (HttpProblem e) {
            throw new MalformedPayloadException(e.getMessage());
        }
    }

    /** The form fields of a POST body, or of the query string of a GET. */
    protected static Map<String, List<String>> formOf(SmsWebhook w) {
        if ("GET".equals(w.method())) {
            return decodeForm(w.rawQuery(), "the query string");
        }
        return decodeForm(utf8(w.body(), "the form body"), "the form body");
    }

    protected static Object json(byte[] body) {
        String text = utf8(body, "the JSON body");
        try {
            return Buffer.buffer(text).toJsonValue();
        } catch (DecodeException e) {
            throw new MalformedPayloadException("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    protected static JsonObject jsonObject(byte[] body) {
        if (json(body) instanceof JsonObject o) {
            return o;
        }
        throw new MalformedPayloadException("the JSON body must be an object");
    }

    /** Flattens a JSON object's fields to strings, as the form variant of the same webhook would carry them. */
    protected static Map<String, List<String>> asForm(JsonObject o) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        o.forEach(e -> params.put(e.getKey(), List.of(e.getValue() == null ? "" : String.valueOf(e.getValue()))));
        return params;
    }

    protected static JsonArray jsonArray(byte[] body) {
        Object v = json(body);
        if (v instanceof JsonArray a) {
            return a;
        }
        if (v instanceof JsonObject o) {
            return new JsonArray().add(o);
        }
        throw new MalformedPayloadException("the JSON body must be an array of messages");
    }

    protected static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    protected static String required(Map<String, List<String>> params, String name) {
        String v = first(params, name);
        if (v == null || v.isBlank()) {
            throw new MalformedPayloadException("the field '" + name + "' is missing");
        }
        return v;
    }

    /** Numbers sent as strings or strings sent as numbers both read as text. */
    protected static String text(JsonObject o, String name, boolean required) {
        Object v = o.getValue(name);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw new MalformedPayloadException("the field '" + name + "' is missing");
            }
            return null;
        }
        if (v instanceof JsonObject || v instanceof JsonArray) {
            throw new MalformedPayloadException("the field '" + name + "' must be text or a number");
        }
        if (v instanceof Double || v instanceof Float) {
            return new java.math.BigDecimal(v.toString()).toPlainString();
        }
        return v.toString();
    }

    protected static int positiveInt(String value, String name) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1 || n > 255) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new MalformedPayloadException("the field '" + name + "' must be a number from 1 to 255, got '"
                    + value + "'");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
