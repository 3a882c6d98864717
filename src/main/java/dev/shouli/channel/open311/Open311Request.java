package dev.shouli.channel.open311;

import dev.shouli.channel.open311.Open311Config.Attribute;
import dev.shouli.channel.open311.Open311Config.Service;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Location;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A POST requests form, checked against the service definition. Attribute values keep their order. */
public record Open311Request(Service service, Double latitude, Double longitude, String addressString,
                             String addressId, String email, String deviceId, String accountId, String firstName,
                             String lastName, String phone, String description, String mediaUrl,
                             Map<String, List<String>> attributes) {

    /** The case a request becomes: the service name as subject, attributes spelled out for the desk. */
    public ComplaintDraft toDraft() {
        Open311Request r = this;
        StringBuilder description = new StringBuilder(r.description() == null ? r.service().name() : r.description());
        r.attributes().forEach((code, values) -> {
            Attribute a = r.service().attribute(code);
            description.append('\n').append(a.description() == null ? code : a.description()).append(": ")
                    .append(String.join(", ", values.stream().map(v -> valueName(a, v)).toList()));
        });
        String name = r.firstName() == null && r.lastName() == null ? null
                : String.join(" ", Arrays.stream(new String[] {r.firstName(), r.lastName()})
                        .filter(s -> s != null).toList());
        List<AttachmentDraft> media = r.mediaUrl() == null ? List.of() : List.of(new AttachmentDraft("media_url",
                "text/uri-list", (r.mediaUrl() + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return new ComplaintDraft(r.service().kind(), r.service().name(), description.toString(), null, null,
                new Complainant(name, r.phone(), r.email(), null, r.accountId(), false), null, null,
                r.service().code(), null, null,
                new Location(r.addressString() != null ? r.addressString()
                        : r.addressId() != null ? "address_id " + r.addressId() : null, r.latitude(), r.longitude()),
                media);
    }

    private static String valueName(Attribute a, String key) {
        return a.values().stream().filter(v -> v.key().equals(key)).map(Open311Config.Value::name).findFirst().orElse(key);
    }
}

