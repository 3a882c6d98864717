package dev.shouli.core.intake.extract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the incident happened, when the text says so: a relative day (今天, 昨天, 前天, today, yesterday) or a
 * written date (2026年11月20日, 11月20日, 2026-11-20), optionally with a part of the day (下午) and a clock time
 * (3点, 15:30). A part of the day without a clock time gives the start of that part (下午 → 13:00), so the
 * value never claims more precision than the text; anything after receipt or older than a year is dropped.
 */
final class OccurredAt {

    private static final String PERIOD = "(凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|夜裡|深夜|morning|afternoon|evening|night)?";
    private static final String CLOCK = "(?:\\s?(\\d{1,2})(?:[:：](\\d{2})|[点點时時](?:(\\d{1,2})分|半)?))?";
    private static final Pattern RELATIVE = Pattern.compile(
            "(今天|今日|昨天|昨日|昨晚|前天|前日|today|yesterday|last night|this morning|this afternoon)\\s?" + PERIOD
                    + CLOCK, Pattern.CASE_INSENSITIVE);
    private static final Pattern WRITTEN = Pattern.compile(
            "(?:(\\d{4})\\s?[年/.-]\\s?)?(\\d{1,2})\\s?[月/.-]\\s?(\\d{1,2})\\s?[日号號]?\\s?" + PERIOD + CLOCK);
    private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{1,2})-(\\d{1,2})(?!\\d)");

    private OccurredAt() {
    }

    static Optional<OffsetDateTime> find(CharSequence text, Instant receivedAt, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(receivedAt, zone);
        Matcher relative = RELATIVE.matcher(text);
        if (relative.find()) {
            String word = relative.group(1).toLowerCase();
            LocalDate day = switch (word) {
                case "今天", "今日", "today", "this morning", "this afternoon" -> today;
                case "前天", "前日" -> today.minusDays(2);
                default -> today.minusDays(1);
            };
            String period = relative.group(2);
            if (period == null) {
                period = word.equals("昨晚") || word.equals("last night") ? "晚上"
                        : word.equals("this morning") ? "上午" : word.equals("this afternoon") ? "下午" : null;
            }
            return at(day, period, relative.group(3), relative.group(4), relative.group(5), text, relative, receivedAt,
                    zone);
        }
        Matcher written = WRITTEN.matcher(text);
        while (written.find()) {
            if (!written.group(0).contains("月") && !ISO_DATE.matcher(written.group(0)).lookingAt()) {
                continue; // "3/4" or "1.5" are too ambiguous to read as dates
            }
            try {
                int month = Integer.parseInt(written.group(2));
                int dayOfMonth = Integer.parseInt(written.group(3));
                LocalDate day = written.group(1) != null
                        ? LocalDate.of(Integer.parseInt(written.group(1)), month, dayOfMonth)
                        : latestNotAfter(today, month, dayOfMonth);
                Optional<OffsetDateTime> found = at(day, written.group(4), written.group(5), written.group(6),
                        written.group(7), text, written, receivedAt, zone);
                if (found.isPresent()) {
                    return found;
                }
            } catch (DateTimeException | NumberFormatException e) {
                // not a real date (13月40日); keep looking
            }
        }
        return Optional.empty();
    }

    private static LocalDate latestNotAfter(LocalDate today, int month, int day) {
        LocalDate candidate = LocalDate.of(today.getYear(), month, day);
        return candidate.isAfter(today) ? candidate.minusYears(1) : candidate;
    }

    private static Optional<OffsetDateTime> at(LocalDate day, String period, String hourText, String minuteText,
                                               String chineseMinutes, CharSequence text, Matcher m, Instant receivedAt,
                                               ZoneId zone) {
        LocalTime time = periodStart(period);
        if (hourText != null) {
            int hour = Integer.parseInt(hourText);
            int minute = minuteText != null ? Integer.parseInt(minuteText)
                    : chineseMinutes != null ? Integer.parseInt(chineseMinutes)
                    : m.group(0).endsWith("半") ? 30 : 0;
            if (hour < 12 && isAfternoon(period)) {
                hour += 12;
            }
            if (hour > 23 || minute > 59) {
                return Optional.empty();
            }
            time = LocalTime.of(hour, minute);
        }
        ZonedDateTime at = day.atTime(time).atZone(zone);
        Instant instant = at.toInstant();
        if (instant.isAfter(receivedAt) || instant.isBefore(receivedAt.minusSeconds(366L * 24 * 3600))) {
            return Optional.empty();
        }
        return Optional.of(at.toOffsetDateTime());
    }

    private static boolean isAfternoon(String period) {
        return period != null && switch (period.toLowerCase()) {
            case "下午", "傍晚", "晚上", "夜里", "夜裡", "afternoon", "evening", "night" -> true;
            default -> false;
        };
    }

    private static LocalTime periodStart(String period) {
        if (period == null) {
            return LocalTime.MIDNIGHT;
        }
        return switch (period.toLowerCase()) {
            case "早上", "早晨", "清晨", "morning" -> LocalTime.of(6, 0);
            case "上午" -> LocalTime.of(8, 0);
            case "中午" -> LocalTime.NOON;
            case "下午", "afternoon" -> LocalTime.of(13, 0);
            case "傍晚" -> LocalTime.of(17, 0);
            case "晚上", "evening" -> LocalTime.of(18, 0);
            case "夜里", "夜裡", "深夜", "night" -> LocalTime.of(21, 0);
            default -> LocalTime.MIDNIGHT;
        };
    }
}
