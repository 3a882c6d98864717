package dev.shouli.channel.sms;

import dev.shouli.channel.sms.SmsStore.GroupKey;
import dev.shouli.channel.sms.SmsStore.Part;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.KeyReusedException;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes verified SMS in: keywords are recorded (no case), parts of long messages wait for their siblings,
 * everything else goes through {@link IntakeService}. Every future completes only after what it stands for
 * is committed, so the provider is answered 2xx only then.
 */
public final class SmsIntake {

    private static final Logger LOG = LoggerFactory.getLogger(SmsIntake.class);
    static final String CHANNEL = "sms";
    /** How long one instance holds a complete group while taking it in before another may. */
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(2);

    private final IntakeService intake;
    private final SmsStore store;
    private final PhoneNumbers phones;
    private final SmsDrafts drafts;
    private final ParseWorkers workers;
    private final Clock clock;
    private final Duration concatTimeout;

    public SmsIntake(IntakeService intake, SmsStore store, PhoneNumbers phones, SmsDrafts drafts,
                     ParseWorkers workers, Clock clock, Duration concatTimeout) {
        this.workers = workers;
        this.intake = intake;
        this.store = store;
        this.phones = phones;
        this.drafts = drafts;
        this.clock = clock;
        this.concatTimeout = concatTimeout;
    }

    /** What became of one message; {@code result} is null while a long message waits for more parts. */
    public record Outcome(InboundSms message, IntakeResult result) {
    }

    /** Takes the messages of one request in order; fails at the first that cannot be committed. */
    public Future<List<Outcome>> take(String provider, SmsWebhook w, List<InboundSms> messages) {
        Future<List<Outcome>> chain = Future.succeededFuture(new ArrayList<>());
        for (InboundSms m : messages) {
            chain = chain.compose(done -> takeOne(provider, w, m).map(o -> {
                done.add(o);
                return done;
            }));
        }
        return chain;
    }

    private Future<Outcome> takeOne(String provider, SmsWebhook w, InboundSms m) {
        if (m.concat() != null && m.concat().total() > 1) {
            return part(provider, w, m);
        }
        return single(submission(provider, provider + ":" + m.messageId(), w, m.verbatim()), m)
                .map(r -> new Outcome(m, r));
    }

    private Future<IntakeResult> single(Submission s, InboundSms m) {
        SmsKeywords.Kind keyword = SmsKeywords.classify(m.text());
        Optional<String> phone = phones.toE164(m.from());
        if (keyword == SmsKeywords.Kind.NONE || phone.isEmpty()) {
            // Free-text extraction costs CPU in proportion to the text: on a parse worker, within its budget.
            return workers.run(ParseWorkers.source(s.channel(), s.transport()),
                    () -> drafts.draft(m.text(), m.from(), s.receivedAt())).transform(ar -> ar.succeeded()
                    ? intake.submit(s, ar.result())
                    : ParseWorkers.isOverBudget(ar.cause())
                    ? intake.record(s, IntakeOutcome.QUARANTINED, ar.cause().getMessage(), null)
                    : Future.failedFuture(ar.cause()));
        }
        String word = SmsKeywords.keyword(m.text());
        String reason = switch (keyword) {
            case OPT_OUT -> "sms opt-out keyword '" + word + "': no more automatic SMS to this number";
            case OPT_IN -> "sms opt-in keyword '" + word + "': automatic SMS to this number resumed";
            default -> "sms help keyword '" + word + "'";
        };
        Future<Void> recorded = keyword == SmsKeywords.Kind.HELP ? Future.succeededFuture()
                : store.recordKeyword(phone.get(), keyword == SmsKeywords.Kind.OPT_OUT, word, s.receivedAt());
        return recorded.compose(v -> intake.record(s, IntakeOutcome.SUPPRESSED, reason, null));
    }

    private Future<Outcome> part(String provider, SmsWebhook w, InboundSms m) {
        GroupKey key = new GroupKey(provider, m.from(), m.concat().ref());
        SmsStore.NewPart part = new SmsStore.NewPart(key, m.concat().total(), m.concat().part(), m.messageId(),
                m.to(), m.text(), m.verbatim(), w.storableHeaders(), w.contentType(), w.receivedAt());
        return store.addPart(part, clock.instant(), CLAIM_LEASE).compose(state -> switch (state) {
            case WAITING, REPEATED -> Future.succeededFuture(new Outcome(m, null));
            case READY -> assemble(key, m.concat().total()).map(r -> new Outcome(m, r));
            // The group went in as a partial complaint before this part came: it joins as a follow-up.
            case LATE -> single(submission(provider, provider + ":" + m.messageId(), w, m.verbatim()), m)
                    .map(r -> new Outcome(m, r));
        });
    }

    /** Takes the groups that waited longer than the timeout in, whole or partial; returns how many. */
    public Future<Integer> sweep() {
        return store.claimOverdue(clock.instant().minus(concatTimeout), clock.instant(), CLAIM_LEASE, 50)
                .compose(groups -> {
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (SmsStore.OverdueGroup g : groups) {
                        chain = chain.compose(n -> assemble(g.key(), g.total())
                                .map(r -> n + 1)
                                .recover(e -> {
                                    LOG.warn("taking in overdue SMS parts from {} failed; retried at the next sweep",
                                            g.key().provider(), e);
                                    return Future.succeededFuture(n);
                                }));
                    }
                    return chain;
                });
    }

    /** Joins the stored parts in order (marking gaps) and takes the text in under one key per group. */
    private Future<IntakeResult> assemble(GroupKey key, int total) {
        return store.parts(key).compose(parts -> {
            Submission s = assembledSubmission(key, total, parts);
            String text = assembledText(total, parts);
            Part firstPart = parts.get(0);
            InboundSms whole = new InboundSms(key.ref(), key.sender(), firstPart.recipient(), text, null, s.body());
            return single(s, whole)
                    .recover(e -> e instanceof KeyReusedException
                            // Another instance took this group in with a different set of parts first.
                            ? Future.succeededFuture(new IntakeResult(IntakeOutcome.DUPLICATE, null,
                            "long message already taken in", true))
                            : Future.failedFuture(e))
                    .compose(r -> store.completeGroup(key, r.outcome().code(), clock.instant()).map(r))
                    .recover(e -> store.releaseGroup(key).transform(ignored -> Future.failedFuture(e)));
        });
    }

    static String assembledText(int total, List<Part> parts) {
        StringBuilder text = new StringBuilder();
        int next = 1;
        for (Part p : parts) {
            for (; next < p.part(); next++) {
                text.append(missing(next, total));
            }
            text.append(p.text());
            next = p.part() + 1;
        }
        for (; next <= total; next++) {
            text.append(missing(next, total));
        }
        return text.toString();
    }

    private static String missing(int part, int total) {
        return "[…第" + part + "/" + total + "段未收到 part " + part + " of " + total + " missing…]";
    }

    /** The verbatim record of a long message: every part's request, in order, and which parts are missing. */
    private Submission assembledSubmission(GroupKey key, int total, List<Part> parts) {
        JsonArray partsJson = new JsonArray();
        List<Integer> present = new ArrayList<>();
        for (Part p : parts) {
            present.add(p.part());
            partsJson.add(new JsonObject().put("part", p.part()).put("messageId", p.messageId())
                    .put("contentType", p.contentType()).put("receivedAt", p.receivedAt().toString())
                    .put("bodyBase64", Base64.getEncoder().encodeToString(p.body())));
        }
        JsonArray missing = new JsonArray();
        for (int i = 1; i <= total; i++) {
            if (!present.contains(i)) {
                missing.add(i);
            }
        }
        JsonObject body = new JsonObject().put("provider", key.provider()).put("sender", key.sender())
                .put("concatRef", key.ref()).put("total", total).put("partial", !missing.isEmpty())
                .put("missing", missing).put("parts", partsJson);
        Map<String, String> headers = Map.of("X-Shouli-Sms-Concat",
                (missing.isEmpty() ? "complete " : "partial ") + present.size() + "/" + total);
        return new Submission(CHANNEL, key.provider(), key.provider() + ":concat:" + key.sender() + ":" + key.ref(),
                parts.get(0).receivedAt(), "application/json", headers, body.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static Submission submission(String provider, String externalId, SmsWebhook w, byte[] verbatim) {
        return new Submission(CHANNEL, provider, externalId, w.receivedAt(), w.contentType(), w.storableHeaders(),
                verbatim);
    }
}
