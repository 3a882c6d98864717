package dev.shouli.channel.open311;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Open311 GeoReport v2 server: jurisdiction, service types with their attributes, API keys. */
public record Open311Config(String jurisdictionId, String contact, List<Service> services, List<ApiKey> apiKeys) {

    private static final Set<String> DATATYPES = Set.of("string", "number", "datetime", "text",
            "singlevaluelist", "multivaluelist");

    public record Service(String code, String name, String description, String group, String keywords, String kind,
                          List<Attribute> attributes) {

        public Attribute attribute(String code) {
            return attributes.stream().filter(a -> a.code().equals(code)).findFirst().orElse(null);
        }
    }

    /** A GeoReport attribute; {@code values} only for the list datatypes. */
    public record Attribute(String code, String datatype, boolean required, String description, int order,
                            List<Value> values) {

        public boolean isList() {
            return datatype.endsWith("valuelist");
        }
    }

    public record Value(String key, String name) {
    }

    /** {@code name} is what the submission and the logs show; never the key. */
    public record ApiKey(String name, String key) {
        @Override
        public String toString() {
            return "ApiKey[" + name + "]";
        }
    }

    public Service service(String code) {
        return services.stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
    }

    public static Open311Config from(ConfigTree c, Map<String, String> env) {
        List<Service> services = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        List<?> entries = c.list("open311.services");
        for (int i = 0; i < entries.size(); i++) {
            String where = "open311.services[" + i + "]";
            Map<?, ?> s = map(where, entries.get(i));
            String code = required(where + ".code", s.get("code"));
            if (!codes.add(code)) {
                throw new ConfigException(where + ".code: service '" + code + "' is configured twice");
            }
            String kind = s.get("kind") == null ? "complaint" : String.valueOf(s.get("kind"));
            if (dev.shouli.core.domain.ComplaintKind.parse(kind).isEmpty()) {
                throw new ConfigException(where + ".kind: expected complaint, report, inquiry, suggestion, help or praise");
            }
            services.add(new Service(code, required(where + ".name", s.get("name")), optional(s.get("description")),
                    optional(s.get("group")), optional(s.get("keywords")), kind,
                    attributes(where + ".attributes", s.get("attributes"))));
        }
        List<ApiKey> keys = new ArrayList<>();
        for (String entry : ConfigTree.splitList(env.get("SHOULI_OPEN311_API_KEYS"))) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "open311" : entry.substring(0, colon).strip();
            String key = colon < 0 ? entry : entry.substring(colon + 1).strip();
            if (key.length() < 16) {
                throw new ConfigException("invalid value in SHOULI_OPEN311_API_KEYS for '" + name
                        + "': a key must be at least 16 characters");
            }
            keys.add(new ApiKey(name, key));
        }
        return new Open311Config(c.optionalString("open311.jurisdictionId"), c.optionalString("open311.contact"),
                List.copyOf(services), List.copyOf(keys));
    }

    private static List<Attribute> attributes(String where, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(where + ": expected a list");
        }
        List<Attribute> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            Map<?, ?> a = map(at, list.get(i));
            String datatype = required(at + ".datatype", a.get("datatype"));
            if (!DATATYPES.contains(datatype)) {
                throw new ConfigException(at + ".datatype: expected one of " + DATATYPES);
            }
            List<Value> values = new ArrayList<>();
            if (a.get("values") instanceof List<?> vs) {
                for (Object v : vs) {
                    Map<?, ?> m = map(at + ".values", v);
                    values.add(new Value(required(at + ".values.key", m.get("key")),
                            required(at + ".values.name", m.get("name"))));
                }
            }
            if (datatype.endsWith("valuelist") && values.isEmpty()) {
                throw new ConfigException(at + ".values: a " + datatype + " needs values");
            }
            int order = a.get("order") instanceof Number n ? n.intValue() : i + 1;
            out.add(new Attribute(required(at + ".code", a.get("code")), datatype,
                    Boolean.parseBoolean(String.valueOf(a.get("required"))), optional(a.get("description")), order,
                    List.copyOf(values)));
        }
        return List.copyOf(out);
    }

    private static Map<?, ?> map(String where, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(where + ": expected a mapping");
        }
        return m;
    }

    private static String required(String where, Object value) {
        String s = optional(value);
        if (s == null) {
            throw new ConfigException(where + ": required");
        }
        return s;
    }

    private static String optional(Object value) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value).strip();
        return s.isEmpty() ? null : s;
    }
}
