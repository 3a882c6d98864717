package dev.shouli.core.domain;

/** Where it happened: an address and/or coordinates (Open311 lat/long). */
public record Location(String address, Double latitude, Double longitude) {

    public static Location empty() {
        return new Location(null, null, null);
    }

    public boolean isEmpty() {
        return address == null && latitude == null && longitude == null;
    }
}
