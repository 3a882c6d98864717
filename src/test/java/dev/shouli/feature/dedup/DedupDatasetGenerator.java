package dev.shouli.feature.dedup;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the labelled dedup set {@code src/test/resources/dedup/labelled-submissions.jsonl}: realistic
 * submissions in groups. A {@code group} is one complaint of one person (every submission of a group should
 * end in one case); an {@code incident} label is shared by groups of different people about one problem.
 * Run once; the file is committed. {@code mvn -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.shouli.feature.dedup.DedupDatasetGenerator}
 */
public final class DedupDatasetGenerator {

    private final List<JsonObject> out = new ArrayList<>();
    private final Random random = new Random(20261125);
    private int group;
    private int personSeq;

    record Person(String name, String phone, String email) {
    }

    /** One consumer-complaint topic; {@code v} fills the variable parts (store, amount, order, place). */
    record Topic(String respondent, String[] respondentVariants, String english, Texts texts) {
    }

    @FunctionalInterface
    interface Texts {
        /** kind: email, sms, form, hotline, en → {subject, description}. */
        String[] text(String kind, String store, String amount, String order, String extra);
    }

    private Person person() {
        personSeq++;
        String[] surnames = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡"};
        String[] given = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛", "明", "超", "霞"};
        String name = surnames[personSeq % surnames.length] + given[(personSeq * 7) % given.length];
        String phone = String.format("13%d%08d", 5 + personSeq % 5, 10_000_000 + personSeq * 7919 % 89_999_999);
        String email = "user" + personSeq + "@example" + (personSeq % 3 == 0 ? ".com" : ".cn");
        return new Person(name, phone, email);
    }

    private void add(String groupId, String incident, long minute, String channel, String note, JsonObject body) {
        out.add(new JsonObject()
                .put("id", String.format("s%03d", out.size() + 1))
                .put("group", groupId)
                .put("incident", incident)
                .put("minute", minute)
                .put("channel", channel)
                .put("note", note)
                .put("body", body));
    }

    private static JsonObject who(Person p, boolean phone, boolean email) {
        JsonObject o = new JsonObject().put("name", p.name());
        if (phone) {
            o.put("phone", p.phone());
        }
        if (email) {
            o.put("email", p.email());
        }
        return o;
    }

    private static JsonObject body(String[] text, JsonObject complainant, String respondent, String place,
                                   String order) {
        JsonObject b = new JsonObject().put("description", text[1]).put("complainant", complainant);
        if (text[0] != null) {
            b.put("subject", text[0]);
        }
        if (respondent != null) {
            b.put("respondent", new JsonObject().put("organisation", respondent));
        }
        if (place != null) {
            b.put("location", new JsonObject().put("address", place));
        }
        if (order != null) {
            b.put("product", new JsonObject().put("orderNumber", order));
        }
        return b;
    }

    private static String[] trad(String[] t) {
        return new String[] {t[0] == null ? null : ZhConverterUtil.toTraditional(t[0]),
                ZhConverterUtil.toTraditional(t[1])};
    }

    private String order() {
        return "DD2026" + (100000 + random.nextInt(899999));
    }

    private String amount() {
        return String.valueOf(99 + random.nextInt(60) * 50);
    }

    /**
     * One person, one complaint, through several channels and wordings. Channels: email (with the email
     * address; states the phone when {@code statesPhone}), sms and hotline (phone), form (both), en (email).
     */
    private void complaintGroup(Topic t, String store, String[] kinds, boolean statesPhone, long startMinute,
                                boolean useOrderField) {
        Person p = person();
        String g = String.format("g%03d", ++group);
        String amount = amount();
        String order = order();
        long minute = startMinute;
        for (int i = 0; i < kinds.length; i++) {
            String kind = kinds[i];
            boolean traditional = kind.endsWith("-trad");
            String base = traditional ? kind.substring(0, kind.length() - 5) : kind;
            String[] text = t.texts().text(base, store, amount, order, "");
            if (traditional) {
                text = trad(text);
            }
            String respondent = pickRespondent(t, base, traditional);
            JsonObject complainant;
            String channel;
            switch (base) {
                case "email", "en" -> {
                    complainant = who(p, false, true);
                    channel = "email";
                    if (statesPhone) {
                        text[1] = text[1] + ("en".equals(base) ? " My phone: " + p.phone() + "." : "我的手机：" + p.phone());
                    }
                }
                case "sms" -> {
                    complainant = who(p, true, false).put("name", (String) null);
                    channel = "sms";
                    respondent = null;
                }
                case "hotline" -> {
                    complainant = who(p, true, false);
                    channel = "hotline";
                    if (i % 2 == 1) {
                        complainant.put("confidential", true);
                    }
                }
                default -> {
                    complainant = who(p, true, true);
                    channel = "form";
                }
            }
            add(g, null, minute, channel, t.respondent() + " " + kind, body(text, complainant, respondent, null,
                    useOrderField && "form".equals(base) ? order : null));
            minute += 30 + random.nextInt(60 * 30);
        }
    }

    private String pickRespondent(Topic t, String kind, boolean traditional) {
        if ("en".equals(kind) && t.english() != null) {
            return t.english();
        }
        String r = t.respondentVariants()[random.nextInt(t.respondentVariants().length)];
        return traditional ? ZhConverterUtil.toTraditional(r) : r;
    }

    /** Different people, one problem: one group each (sometimes with a follow-up), one incident label. */
    private void incident(String label, String respondent, String place, String[][] reports, long startMinute) {
        long minute = startMinute;
        for (String[] report : reports) {
            Person p = person();
            String g = String.format("g%03d", ++group);
            boolean sms = random.nextInt(3) == 0;
            JsonObject who = sms ? who(p, true, false) : who(p, true, random.nextBoolean());
            add(g, label, minute, sms ? "sms" : random.nextBoolean() ? "hotline" : "form", "incident " + label,
                    body(new String[] {null, report[0]}, who, sms ? null : respondent, sms ? null : place, null));
            if (report.length > 1) {
                add(g, label, minute + 120, sms ? "sms" : "form", "incident follow-up " + label,
                        body(new String[] {null, report[1]}, who, null, null, null));
            }
            minute += 10 + random.nextInt(240);
        }
    }

    private void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        out.forEach(o -> sb.append(o.encode()).append('\n'));
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        DedupDatasetGenerator gen = new DedupDatasetGenerator();
        gen.generate();
        Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/dedup/labelled-submissions.jsonl");
        gen.write(file);
        System.out.println("wrote " + gen.out.size() + " submissions in " + gen.group + " groups to " + file);
    }

    void generate() {
        List<Topic> topics = DedupTopics.all();
        String[][] mixes = {
                {"email", "sms", "form"},
                {"form", "hotline", "email-trad"},
                {"hotline", "sms"},
                {"email", "en"},
                {"sms", "email", "hotline", "form"},
                {"form-trad", "email"},
                {"email", "form", "sms"},
                {"hotline", "form"},
        };
        long minute = 0;
        int n = 0;
        // Same complaint, several channels and wordings (and the look-alikes: the same topic by other people).
        // Groups of one topic are weeks apart: separate purchases at one chain are not one incident.
        for (int k = 0; k < 6; k++) {
            for (Topic t : topics) {
                String[] mix = mixes[(n++) % mixes.length];
                complaintGroup(t, t.respondentVariants()[0], mix, n % 3 != 0, minute, n % 4 == 0);
                minute += 200 + random.nextInt(3000);
            }
        }
        // The same person against two different companies about the same kind of thing: two groups.
        for (int i = 0; i + 1 < topics.size(); i += 2) {
            Topic a = topics.get(i);
            Topic b = DedupTopics.sameMatterOtherCompany(a);
            Person p = person();
            personSeq--;
            String amount = amount();
            String order = order();
            for (Topic t : List.of(a, b)) {
                String g = String.format("g%03d", ++group);
                add(g, null, minute, "form", "same person other company " + t.respondent(),
                        body(t.texts().text("form", t.respondentVariants()[0], amount, order, ""),
                                who(p, true, true), t.respondentVariants()[0], null, null));
                minute += 20 + random.nextInt(200);
            }
            personSeq++;
            // A week apart: other people's look-alike complaints are not one incident.
            minute += 7 * 24 * 60;
        }
        // The same person, the same company, a second order: two complaints, told apart by order numbers.
        for (int i = 0; i < 8; i++) {
            Topic t = topics.get(i * 2 % topics.size());
            Person p = person();
            for (int k = 0; k < 2; k++) {
                String g = String.format("g%03d", ++group);
                String order = order();
                add(g, null, minute, "form", "same person same company other order " + t.respondent(),
                        body(t.texts().text("form", t.respondentVariants()[0], amount(), order, ""),
                                who(p, true, true), t.respondentVariants()[0], null, order));
                minute += 30 + random.nextInt(300);
            }
            minute += 7 * 24 * 60;
        }
        // Incidents: many people, one outage or one store.
        for (DedupTopics.Outage o : DedupTopics.outages()) {
            incident(o.label(), o.respondent(), o.place(), o.reports(), minute);
            minute += 3000 + random.nextInt(3000);
        }
        // Unrelated look-alikes: same wording, different people, different places, far apart in time.
        for (DedupTopics.Outage o : DedupTopics.outages()) {
            Person p = person();
            String g = String.format("g%03d", ++group);
            add(g, null, minute, "form", "look-alike of " + o.label(),
                    body(new String[] {null, o.reports()[0][0].replace(o.placeWord(), o.otherPlaceWord())},
                            who(p, true, false), o.otherRespondent(), o.otherPlace(), null));
            minute += 6000;
        }
    }
}
