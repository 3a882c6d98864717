package dev.shouli.feature.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * Coordinates of where something happened (Open311 lat/long), and the grid cells that find cases near them.
 * Cells are about 500 m square; a case is stored under its own cell and a probe asks for its cell and the
 * eight around it, so every case within {@link #MAX_RADIUS_METRES} is found. The distance rule then decides.
 */
public record GeoPoint(double latitude, double longitude) {

    /** The largest radius the cells can answer for. */
    public static final double MAX_RADIUS_METRES = 500;

    private static final double EARTH_RADIUS_METRES = 6_371_000;
    /** 500 m of latitude, in degrees. */
    private static final double CELL_DEGREES = MAX_RADIUS_METRES / 111_320.0;

    /** @return the point, or null when either coordinate is missing or out of range */
    public static GeoPoint of(Double latitude, Double longitude) {
        if (latitude == null || longitude == null || latitude.isNaN() || longitude.isNaN()
                || Math.abs(latitude) > 85 || Math.abs(longitude) > 180) {
            return null;
        }
        return new GeoPoint(latitude, longitude);
    }

    /** Great-circle distance (haversine). */
    public double metresTo(GeoPoint other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(latitude))
                * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The key of the cell this point is stored under. */
    public String cell() {
        long row = row(latitude);
        return key(row, column(row, longitude));
    }

    /** This point's cell and the eight around it. */
    public List<String> nearbyCells() {
        long row = row(latitude);
        List<String> cells = new ArrayList<>(9);
        for (long r = row - 1; r <= row + 1; r++) {
            // A row's columns are 500 m wide at that row's latitude, so the column is found per row.
            long column = column(r, longitude);
            for (long c = column - 1; c <= column + 1; c++) {
                cells.add(key(r, c));
            }
        }
        return cells;
    }

    private static long row(double latitude) {
        return (long) Math.floor(latitude / CELL_DEGREES);
    }

    private static long column(long row, double longitude) {
        double rowLatitude = (row + 0.5) * CELL_DEGREES;
        return (long) Math.floor(longitude * Math.cos(Math.toRadians(rowLatitude)) / CELL_DEGREES);
    }

    private static String key(long row, long column) {
        return "geo:" + row + ":" + column;
    }
}
