package dev.shouli.core.sla;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads calendars: the built-in ones from the classpath ({@code config/calendars/}, listed in its INDEX),
 * then an operator's directory, whose files add calendars and holiday years or replace built-in ones.
 * A calendar is {@code <name>.yaml}; holidays are {@code <folder>/<year>.json} in the holiday-cn format.
 */
public final class CalendarLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarLoader.class);
    private static final String BUILT_IN = "/config/calendars/";

    private final Map<String, Definition> definitions = new TreeMap<>();
    /** folder → year → (date → off day?) */
    private final Map<String, Map<Integer, Map<LocalDate, Boolean>>> holidays = new HashMap<>();

    private record Definition(String source, Map<String, Object> yaml) {
    }

    private CalendarLoader() {
    }

    /** @param directory the operator's calendar directory; null or missing means built-ins only */
    public static Calendars load(Path directory) {
        CalendarLoader loader = new CalendarLoader();
        loader.readBuiltIns();
        if (directory != null && Files.isDirectory(directory)) {
            loader.readDirectory(directory);
        }
        return loader.build();
    }

    private void readBuiltIns() {
        String index = resource("INDEX");
        for (String line : index.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            accept(entry, resource(entry), "classpath:" + BUILT_IN + entry);
        }
    }

    private void readDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory, 2)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                if (relative.endsWith(".yaml") && !relative.contains("/") || relative.matches("[^/]+/\\d{4}\\.json")) {
                    accept(relative, Files.readString(file, StandardCharsets.UTF_8), file.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calendar directory " + directory, e);
        }
    }

    private void accept(String relative, String text, String source) {
        try {
            if (relative.endsWith(".yaml")) {
                String name = relative.substring(0, relative.length() - ".yaml".length());
                Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                if (!(yaml instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("expected a mapping with zone, hours, makeUpDay, holidays");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) yaml;
                definitions.put(name, new Definition(source, map));
            } else {
                String folder = relative.substring(0, relative.indexOf('/'));
                int year = Integer.parseInt(relative.substring(relative.indexOf('/') + 1, relative.indexOf('.')));
                holidays.computeIfAbsent(folder, f -> new HashMap<>()).put(year, holidayYear(year, text));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("calendar file " + source + ": " + e.getMessage(), e);
        }
    }

    /** One year of the holiday-cn format: {"year": 2026, "days": [{"date", "name", "isOffDay"}]}. */
    private static Map<LocalDate, Boolean> holidayYear(int year, String text) {
        JsonObject json = new JsonObject(text);
        if (json.getInteger("year", year) != year) {
            throw new IllegalArgumentException("the file name says " + year + " but it holds " + json.getInteger("year"));
        }
        Map<LocalDate, Boolean> days = new HashMap<>();
        JsonArray entries = json.getJsonArray("days", new JsonArray());
        for (int i = 0; i < entries.size(); i++) {
            JsonObject day = entries.getJsonObject(i);
            LocalDate date = LocalDate.parse(day.getString("date"));
            Boolean off = day.getBoolean("isOffDay");
            if (off == null) {
                throw new IllegalArgumentException(date + " has no isOffDay");
            }
            days.put(date, off);
        }
        return days;
    }

    private Calendars build() {
        Map<String, BusinessCalendar> calendars = new TreeMap<>();
        definitions.forEach((name, d) -> {
            try {
                calendars.put(name, calendar(name, d.yaml()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("calendar " + d.source() + ": " + e.getMessage(), e);
            }
        });
        return new Calendars(calendars);
    }

    private BusinessCalendar calendar(String name, Map<String, Object> yaml) {
        ZoneId zone = ZoneId.of(String.valueOf(yaml.getOrDefault("zone", "Asia/Shanghai")));
        Object hoursNode = yaml.get("hours");
        if (!(hoursNode instanceof Map<?, ?> hours)) {
            throw new IllegalArgumentException("'hours' must map each weekday (monday … sunday) to its intervals");
        }
        Map<DayOfWeek, List<WorkingSpan>> weekly = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            String key = day.name().toLowerCase(Locale.ROOT);
            weekly.put(day, WorkingSpan.parseList(hours.containsKey(key) ? String.valueOf(hours.get(key)) : ""));
        }
        List<WorkingSpan> makeUp = WorkingSpan.parseList(stringOrEmpty(yaml.get("makeUpDay")));
        String folder = stringOrEmpty(yaml.get("holidays")).strip();
        Map<LocalDate, Boolean> offDays = new HashMap<>();
        Set<Integer> covered = new HashSet<>();
        if (!folder.isEmpty()) {
            Map<Integer, Map<LocalDate, Boolean>> years = holidays.get(folder);
            if (years == null) {
                throw new IllegalArgumentException("no holiday files in '" + folder + "/'");
            }
            years.forEach((year, days) -> {
                offDays.putAll(days);
                if (!days.isEmpty()) {
                    covered.add(year);
                }
            });
        }
        BusinessCalendar calendar = new BusinessCalendar(name, zone, weekly, makeUp, offDays, covered);
        int thisYear = LocalDate.now(zone).getYear();
        if (!folder.isEmpty() && !covered.contains(thisYear)) {
            LOG.warn("calendar '{}' has no holiday facts for {}: drop {}/{}.json into the calendar directory",
                    name, thisYear, folder, thisYear);
        }
        return calendar;
    }

    private static String stringOrEmpty(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static String resource(String entry) {
        try (InputStream in = CalendarLoader.class.getResourceAsStream(BUILT_IN + entry)) {
            if (in == null) {
                throw new IllegalStateException("built-in calendar file " + BUILT_IN + entry + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
