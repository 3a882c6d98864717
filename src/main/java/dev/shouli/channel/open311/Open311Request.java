package dev.shouli.channel.open311;

import dev.shouli.config.Open311Config.Service;
import java.util.List;
import java.util.Map;

/** A POST requests form, checked against the service definition. Attribute values keep their order. */
public record Open311Request(Service service, Double latitude, Double longitude, String addressString,
                             String addressId, String email, String deviceId, String accountId, String firstName,
                             String lastName, String phone, String description, String mediaUrl,
                             Map<String, List<String>> attributes) {
}
