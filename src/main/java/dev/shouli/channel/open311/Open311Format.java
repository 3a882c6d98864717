package dev.shouli.channel.open311;

import dev.shouli.core.http.XmlText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * GeoReport's two output formats from one tree. A node is a map of field → value, where a value is a
 * scalar, null, or a {@link Nested} list. XML wraps a list as {@code <attributes><attribute>…}; JSON (the
 * Spark convention) makes it an array under the outer name.
 */
public enum Open311Format {
    XML("text/xml; charset=utf-8"),
    JSON("application/json; charset=utf-8");

    /** A list inside a node: its XML wrapper is the field name, each item is an {@code itemName} element. */
    public record Nested(String itemName, List<?> items) {
    }

    private final String contentType;

    Open311Format(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The path's extension decides; none means XML, the format the spec requires. */
    public static Open311Format of(String extension) {
        return "json".equals(extension) ? JSON : XML;
    }

    /** A top-level list, e.g. {@code <services><service>…} or {@code [ {…} ]}. */
    public String list(String rootName, String itemName, List<Map<String, Object>> items) {
        if (this == JSON) {
            JsonArray array = new JsonArray();
            items.forEach(item -> array.add(json(item)));
            return array.encode();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(rootName).append('>');
        items.forEach(item -> element(xml, itemName, item));
        return xml.append("</").append(rootName).append(">\n").toString();
    }

    /** A top-level object, e.g. {@code <service_definition>…} or {@code {…}}. */
    public String object(String rootName, Map<String, Object> node) {
        if (this == JSON) {
            return json(node).encode();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        element(xml, rootName, node);
        return xml.append('\n').toString();
    }

    private static JsonObject json(Map<String, Object> node) {
        JsonObject o = new JsonObject();
        node.forEach((k, v) -> o.put(k, jsonValue(v)));
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Object jsonValue(Object v) {
        if (v instanceof Nested n) {
            JsonArray a = new JsonArray();
            n.items().forEach(i -> a.add(jsonValue(i)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            return json((Map<String, Object>) m);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void element(StringBuilder xml, String name, Object value) {
        xml.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> element(xml, k, v));
        } else if (value instanceof Nested n) {
            n.items().forEach(i -> element(xml, n.itemName(), i));
        } else if (value != null) {
            xml.append(XmlText.escape(value.toString()));
        }
        xml.append("</").append(name).append('>');
    }
}
