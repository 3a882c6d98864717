package dev.shouli.feature.survey;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.SlaAmount;
import java.time.Duration;
import java.util.List;

/**
 * Satisfaction follow-up (回访) after a case is resolved ({@code survey:} in config/shouli.yaml). The link key
 * comes from {@code SHOULI_SURVEY_SECRET} only; unset, one is generated and shared through the database.
 *
 * @param delay            when to ask after the resolve, on {@code calendar}: {@code 1wd} is the same time of
 *                         day on the next working day, {@code 4h} four working hours later
 * @param answerWindow     a survey not answered this long after it was sent is recorded as no_answer
 * @param acceptRepliesFor answers (a late one, a changed mind) are still taken this long after sending
 * @param onDissatisfied   {@code reopen}: 不满意 re-opens the case; {@code escalate}: it is raised to the
 *                         supervisors and the case stays resolved
 * @param supervisors      told by email when a dissatisfied answer is escalated; empty: sla.supervisors
 */
public record SurveyConfig(boolean enabled, SlaAmount delay, String calendar, Duration answerWindow,
                           Duration acceptRepliesFor, Duration pollInterval, int batchSize, String onDissatisfied,
                           List<String> supervisors, Duration linkTtl) {

    public boolean reopensOnDissatisfied() {
        return "reopen".equals(onDissatisfied);
    }

    @Override
    public String toString() {
        return "SurveyConfig[enabled=" + enabled + ", delay=" + delay + "]";
    }

    static SurveyConfig from(ConfigTree c, Calendars calendars, List<String> slaSupervisors) {
        SlaAmount delay;
        try {
            delay = SlaAmount.parse(c.string("survey.delay"));
        } catch (IllegalArgumentException e) {
            throw c.invalidEntry("survey.delay", e.getMessage());
        }
        String calendar = c.string("survey.calendar");
        if (!calendars.has(calendar)) {
            throw c.invalidEntry("survey.calendar", "no calendar named '" + calendar + "'; known: " + calendars.names());
        }
        if (delay.calendar() != null && !calendars.has(delay.calendar())) {
            throw c.invalidEntry("survey.delay", "no calendar named '" + delay.calendar() + "'");
        }
        List<String> supervisors = ConfigTree.splitList(c.optionalString("survey.supervisors"));
        return new SurveyConfig(
                c.bool("survey.enabled"),
                delay,
                calendar,
                c.duration("survey.answerWindow"),
                c.duration("survey.acceptRepliesFor"),
                c.duration("survey.pollInterval"),
                c.intValue("survey.batchSize", 1, 10_000),
                c.oneOf("survey.onDissatisfied", List.of("reopen", "escalate")),
                supervisors.isEmpty() ? slaSupervisors : supervisors,
                c.duration("survey.linkTtl"));
    }
}
