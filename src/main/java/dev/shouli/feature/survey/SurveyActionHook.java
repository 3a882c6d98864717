package dev.shouli.feature.survey;

import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.outbox.NoticeDelivery;
import dev.shouli.core.sla.BusinessCalendar;
import dev.shouli.core.sla.Calendars;
import dev.shouli.feature.survey.SurveyStore.Contact;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * A resolve schedules the 回访 question, in the resolve's transaction: on the channel the case came from (an
 * SMS case by SMS, an e-mail case by e-mail, a form or API case by e-mail when it has an address, else by
 * SMS, else only through the link on the status page). Cases from a hotline platform are never asked by us.
 */
final class SurveyActionHook implements CaseActionHook {

    private final SurveyConfig config;
    private final SurveyStore store;
    private final BusinessCalendar calendar;
    /** Whether the question can go out by SMS (a send provider that can carry it is configured). */
    private final NoticeDelivery delivery;

    SurveyActionHook(SurveyConfig config, SurveyStore store, Calendars calendars, NoticeDelivery delivery) {
        this.config = config;
        this.store = store;
        this.calendar = calendars.get(config.delay().calendar() != null ? config.delay().calendar()
                : config.calendar());
        this.delivery = delivery;
    }

    @Override
    public Future<Void> onAction(SqlConnection conn, CaseAction action) {
        if (!config.enabled() || !"resolve".equals(action.action())) {
            return Future.succeededFuture();
        }
        return store.contact(conn, action.caseId()).compose(contact -> {
            if (contact.channel().startsWith("hotline:") || contact.hasTicket()) {
                return Future.succeededFuture();
            }
            String channel = channel(contact);
            String address = switch (channel) {
                case "email" -> contact.email();
                case "sms" -> contact.phone();
                default -> null;
            };
            Instant askAt = SurveyTiming.askAt(calendar, action.at(), config.delay());
            return store.schedule(conn, action.caseId(), Math.max(1, contact.resolves()), channel, address,
                    contact.language(), askAt, action.at());
        });
    }

    private String channel(Contact c) {
        boolean sms = c.phone() != null && delivery.canSend("sms", SurveyLinks.OUTBOX_KIND);
        if ("sms".equals(c.channel()) && sms) {
            return "sms";
        }
        if (c.email() != null) {
            return "email";
        }
        return sms ? "sms" : "web";
    }
}
