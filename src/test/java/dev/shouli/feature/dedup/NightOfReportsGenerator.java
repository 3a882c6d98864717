package dev.shouli.feature.dedup;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes {@code src/test/resources/dedup/labelled-night-of-reports.jsonl}: one night of city-service reports
 * the way 311 and 12345 systems forward them — many different people, templated wording ("Noise -
 * Residential / Loud Music/Party", "噪音扰民 夜间施工"), the address and the complaint type in the text, the
 * coordinates in {@code location} (geocoded: every report at one address has the same point; some from a
 * phone a few metres off). The label says which reports are one problem: the same building and the same type.
 * A party heard next door, the same type of complaint at the building opposite, another type at the same
 * address: all different incidents. Run once; the file is committed.
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dmain.class=dev.shouli.feature.dedup.NightOfReportsGenerator}
 */
public final class NightOfReportsGenerator {

    /** A street whose house numbers run along a straight line from a starting point, about 1.5 m a number. */
    private record Street(String name, double lat, double lon, double dLat, double dLon) {
        double[] point(int number) {
            return new double[] {lat + dLat * number, lon + dLon * number};
        }
    }

    private record Type(String type, String[] descriptors) {
    }

    private static final Street[] NEW_YORK = {
        new Street("WEST 45 STREET", 40.75800, -73.98400, 0.0000060, -0.0000120),
        new Street("BROADWAY", 40.80000, -73.96800, 0.0000135, 0.0000000),
        new Street("GRAND CONCOURSE", 40.83000, -73.91800, 0.0000120, -0.0000030),
        new Street("FLATBUSH AVENUE", 40.66000, -73.96000, -0.0000100, 0.0000060),
        new Street("ROOSEVELT AVENUE", 40.74700, -73.88000, 0.0000010, -0.0000140),
        new Street("EAST 180 STREET", 40.84800, -73.88500, 0.0000050, 0.0000130),
    };
    private static final Type[] NEW_YORK_TYPES = {
        new Type("Noise - Residential", new String[] {"Loud Music/Party", "Banging/Pounding", "Loud Talking"}),
        new Type("Noise - Street/Sidewalk", new String[] {"Loud Music/Party", "Loud Talking"}),
        new Type("Illegal Parking", new String[] {"Blocked Hydrant", "Double Parked Blocking Traffic",
            "Posted Parking Sign Violation"}),
        new Type("Blocked Driveway", new String[] {"No Access", "Partial Access"}),
        new Type("Noise - Commercial", new String[] {"Loud Music/Party", "Loud Talking"}),
        new Type("HEAT/HOT WATER", new String[] {"ENTIRE BUILDING", "APARTMENT ONLY"}),
    };
    private static final Street[] BEIJING = {
        new Street("朝阳区建国路", 39.90800, 116.45000, 0.0000000, 0.0000160),
        new Street("海淀区中关村大街", 39.97500, 116.31600, 0.0000140, 0.0000000),
        new Street("东城区东四北大街", 39.93000, 116.41700, 0.0000130, 0.0000005),
        new Street("丰台区南三环西路", 39.85800, 116.36000, 0.0000005, 0.0000150),
    };
    private static final Type[] BEIJING_TYPES = {
        new Type("噪音扰民", new String[] {"夜间施工噪音", "商铺音响声音过大", "楼上装修噪音"}),
        new Type("占道经营", new String[] {"夜市摊贩占道", "商户店外经营"}),
        new Type("违章停车", new String[] {"车辆堵塞消防通道", "机动车占用人行道"}),
        new Type("供暖问题", new String[] {"暖气不热", "整栋楼停暖"}),
    };

    private final Random random = new Random(20261201);
    private final List<JsonObject> out = new ArrayList<>();
    private int person;

    public static void main(String[] args) throws IOException {
        NightOfReportsGenerator g = new NightOfReportsGenerator();
        g.night(NEW_YORK, NEW_YORK_TYPES, false, 34);
        g.night(BEIJING, BEIJING_TYPES, true, 22);
        Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/dedup/labelled-night-of-reports.jsonl");
        StringBuilder sb = new StringBuilder();
        g.out.forEach(o -> sb.append(o.encode()).append('\n'));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + g.out.size() + " reports to " + file);
    }

    /**
     * {@code problems} problems (a building and a type), each reported by 1–8 people over the night, and
     * around them the reports that look alike and are not the same problem.
     */
    private void night(Street[] streets, Type[] types, boolean chinese, int problems) {
        for (int p = 0; p < problems; p++) {
            Street street = streets[random.nextInt(streets.length)];
            int number = 2 + 2 * random.nextInt(400);
            Type type = types[random.nextInt(types.length)];
            int reporters = 1 + (random.nextInt(10) < 4 ? random.nextInt(8) : random.nextInt(2));
            long start = random.nextInt(480);
            for (int r = 0; r < reporters; r++) {
                report(street, number, type, chinese, start + random.nextInt(90), r > 0 && random.nextInt(4) == 0);
            }
            // Next door or across the street, the same kind of complaint: another problem.
            if (random.nextInt(3) == 0) {
                int near = number + (random.nextBoolean() ? 2 : 4) * (random.nextBoolean() ? 1 : -1);
                report(street, near, type, chinese, start + random.nextInt(120), false);
            }
            // The same building, another type of complaint: another problem.
            if (random.nextInt(4) == 0) {
                Type other = types[(indexOf(types, type) + 1 + random.nextInt(types.length - 1)) % types.length];
                report(street, number, other, chinese, start + random.nextInt(120), false);
            }
        }
    }

    /** One report; its label is its building and type, which is what makes reports one problem. */
    private void report(Street street, int number, Type type, boolean chinese, long minute, boolean byPhone) {
        person++;
        double[] at = street.point(number);
        if (byPhone) {
            // A phone's fix, not the geocoded building: a few metres off.
            at = new double[] {at[0] + (random.nextDouble() - 0.5) * 0.00008, at[1] + (random.nextDouble() - 0.5) * 0.0001};
        }
        String descriptor = type.descriptors()[random.nextInt(type.descriptors().length)];
        String address = chinese ? street.name() + number + "号" : number + " " + street.name();
        String label = address + " | " + type.type();
        String text = chinese ? (random.nextBoolean()
                ? "来电人反映：" + address + "附近" + descriptor + "，" + type.type() + "，请尽快处理。"
                : type.type() + " - " + descriptor + "，地点：" + address + "。")
                : type.type() + " / " + descriptor + " at " + address + (random.nextBoolean() ? ", NEW YORK" : "");
        JsonObject location = new JsonObject().put("lat", round(at[0])).put("long", round(at[1]));
        JsonObject body = new JsonObject()
                .put("description", text)
                .put("complainant", new JsonObject().put("phone", String.format("1390%07d", 1_000_000 + person * 37)))
                .put("location", location);
        out.add(new JsonObject()
                .put("id", String.format("n%03d", out.size() + 1))
                .put("group", String.format("ng%03d", out.size() + 1))
                .put("incident", label)
                .put("minute", minute)
                .put("channel", "api")
                .put("note", type.type() + " / " + descriptor + " @ " + address)
                .put("body", body));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static int indexOf(Type[] types, Type t) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == t) {
                return i;
            }
        }
        return -1;
    }
}
