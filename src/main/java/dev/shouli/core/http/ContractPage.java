package dev.shouli.core.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Renders the OpenAPI file as one HTML page: endpoints with parameters and answers, then the schemas. */
final class ContractPage {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private ContractPage() {
    }

    @SuppressWarnings("unchecked")
    static String render(String yaml) {
        Map<String, Object> doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Object> info = map(doc.get("info"));
        Map<String, Object> components = map(doc.get("components"));
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s — API</title>
                <style>
                body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
                h2{border-bottom:1px solid #ccc;margin-top:2.5rem} h3{margin:1.6rem 0 .3rem;font-family:monospace}
                .m{display:inline-block;min-width:4.5em;font-weight:bold;color:#fff;background:#357;padding:0 .4em;
                border-radius:3px} .post{background:#375} table{border-collapse:collapse;margin:.3rem 0}
                td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top} code{color:#733}
                pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem}
                </style></head><body>
                """.formatted(escape(String.valueOf(info.get("title")))));
        html.append("<h1>").append(escape(String.valueOf(info.get("title")))).append(" <small>")
                .append(escape(String.valueOf(info.get("version")))).append("</small></h1>\n");
        html.append("<p>").append(escape(String.valueOf(info.getOrDefault("summary", "")))).append("</p>\n");
        html.append("<pre>").append(escape(String.valueOf(info.getOrDefault("description", "")))).append("</pre>\n");
        html.append("<p>Machine-readable: <a href=\"/openapi.yaml\">/openapi.yaml</a> (OpenAPI ")
                .append(escape(String.valueOf(doc.get("openapi")))).append(")</p>\n<h2>Endpoints</h2>\n");
        map(doc.get("paths")).forEach((path, item) -> {
            Map<String, Object> pathItem = resolve(doc, map(item));
            pathItem.forEach((method, op) -> {
                if (METHODS.contains(method)) {
                    operation(html, doc, method, path, map(op));
                }
            });
        });
        html.append("<h2>Schemas</h2>\n");
        map(components.get("schemas")).forEach((name, schema) -> schema(html, name, map(schema)));
        return html.append("</body></html>\n").toString();
    }

    private static void operation(StringBuilder html, Map<String, Object> doc, String method, String path,
                                  Map<String, Object> op) {
        html.append("<h3 id=\"").append(escape(method + path)).append("\"><span class=\"m ").append(method).append("\">")
                .append(method.toUpperCase(java.util.Locale.ROOT)).append("</span> ").append(escape(path)).append("</h3>\n");
        html.append("<p>").append(escape(String.valueOf(op.getOrDefault("summary", "")))).append("</p>\n");
        if (op.get("description") != null) {
            html.append("<p>").append(escape(String.valueOf(op.get("description")))).append("</p>\n");
        }
        if (op.get("security") != null) {
            html.append("<p>Authentication: bearer token</p>\n");
        }
        List<Object> parameters = list(op.get("parameters"));
        if (!parameters.isEmpty()) {
            html.append("<table><tr><th>parameter</th><th>in</th><th>required</th><th>about</th></tr>\n");
            for (Object p : parameters) {
                Map<String, Object> param = resolve(doc, map(p));
                html.append("<tr><td><code>").append(escape(String.valueOf(param.get("name")))).append("</code></td><td>")
                        .append(escape(String.valueOf(param.get("in")))).append("</td><td>")
                        .append(Boolean.TRUE.equals(param.get("required")) ? "yes" : "").append("</td><td>")
                        .append(escape(String.valueOf(param.getOrDefault("description", "")))).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        Map<String, Object> body = resolve(doc, map(op.get("requestBody")));
        map(body.get("content")).forEach((type, media) -> html.append("<p>Request body: <code>").append(escape(type))
                .append("</code> ").append(schemaName(map(media))).append("</p>\n"));
        html.append("<table><tr><th>answer</th><th>what</th><th>body</th></tr>\n");
        map(op.get("responses")).forEach((status, r) -> {
            Map<String, Object> response = resolve(doc, map(r));
            StringBuilder bodies = new StringBuilder();
            map(response.get("content")).forEach((type, media) -> bodies.append("<code>").append(escape(type))
                    .append("</code> ").append(schemaName(map(media))).append(' '));
            html.append("<tr><td>").append(escape(status)).append("</td><td>")
                    .append(escape(String.valueOf(response.getOrDefault("description", "")))).append("</td><td>")
                    .append(bodies).append("</td></tr>\n");
        });
        html.append("</table>\n");
    }

    private static void schema(StringBuilder html, String name, Map<String, Object> schema) {
        html.append("<h3 id=\"schema-").append(escape(name)).append("\">").append(escape(name)).append("</h3>\n");
        if (schema.get("description") != null) {
            html.append("<p>").append(escape(String.valueOf(schema.get("description")))).append("</p>\n");
        }
        if (schema.get("enum") != null) {
            html.append("<p>one of <code>").append(escape(String.valueOf(schema.get("enum")))).append("</code></p>\n");
        }
        Map<String, Object> properties = map(schema.get("properties"));
        if (!properties.isEmpty()) {
            List<Object> required = list(schema.get("required"));
            html.append("<table><tr><th>field</th><th>type</th><th>required</th></tr>\n");
            properties.forEach((field, p) -> html.append("<tr><td><code>").append(escape(field)).append("</code></td><td>")
                    .append(typeOf(map(p))).append("</td><td>").append(required.contains(field) ? "yes" : "")
                    .append("</td></tr>\n"));
            html.append("</table>\n");
        }
    }

    private static String schemaName(Map<String, Object> media) {
        return typeOf(map(media.get("schema")));
    }

    private static String typeOf(Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref != null) {
            String name = String.valueOf(ref).substring(String.valueOf(ref).lastIndexOf('/') + 1);
            return "<a href=\"#schema-" + escape(name) + "\">" + escape(name) + "</a>";
        }
        if ("array".equals(schema.get("type"))) {
            return "array of " + typeOf(map(schema.get("items")));
        }
        return escape(String.valueOf(schema.getOrDefault("type", schema.containsKey("const") ? "constant" : "any")));
    }

    /** Follows a local {@code $ref} (#/components/…) once. */
    private static Map<String, Object> resolve(Map<String, Object> doc, Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (!(ref instanceof String pointer) || !pointer.startsWith("#/")) {
            return node;
        }
        Object target = doc;
        for (String part : pointer.substring(2).split("/")) {
            target = map(target).get(part);
        }
        return map(target);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
