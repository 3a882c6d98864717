package dev.shouli.feature.retention;

import dev.shouli.core.cases.PersonalData.Person;
import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.RequestIdHandler;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.PhoneNumbers;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/erasures}: a supervisor (a desk token named in {@code erasure.supervisors}) erases one
 * person's personal data by phone number, email address or ID number. The answer says what was erased.
 */
public final class ErasureRoutes implements Routes {

    private static final Pattern ID_NUMBER = Pattern.compile("\\d{15}|\\d{17}[\\dXx]");

    private final ErasureStore store;
    private final DeskConfig desk;
    private final RetentionConfig retention;
    private final PhoneNumbers phones;
    private final Clock clock;

    public ErasureRoutes(ErasureStore store, DeskConfig desk, RetentionConfig retention, PhoneNumbers phones,
                         Clock clock) {
        this.store = store;
        this.desk = desk;
        this.retention = retention;
        this.phones = phones;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.post("/api/v1/erasures")
                .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(new DeskAuth(desk.tokens()))
                .handler(this::erase);
    }

    private void erase(RoutingContext ctx) {
        String actor = ctx.get(DeskAuth.ACTOR_KEY);
        if (!retention.supervisors().contains(actor)) {
            throw HttpProblem.forbidden("erasure is for supervisors: the desk token '" + actor
                    + "' is not listed in erasure.supervisors");
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw HttpProblem.badRequest("send a JSON object with one of phone, email, idNumber");
        }
        if (body == null) {
            throw HttpProblem.badRequest("send a JSON object with one of phone, email, idNumber");
        }
        Person who = identifier(body);
        store.erase(who, actor, body.getString("reason"), clock.instant(), ctx.get(RequestIdHandler.KEY))
                .onSuccess(done -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(done.encode()))
                .onFailure(ctx::fail);
    }

    private Person identifier(JsonObject body) {
        List<String> given = List.of("phone", "email", "idNumber").stream().filter(k -> body.getValue(k) != null).toList();
        if (given.size() != 1) {
            throw HttpProblem.unprocessable("invalid-fields", "Invalid fields",
                    "give exactly one of phone, email, idNumber");
        }
        String raw = String.valueOf(body.getValue(given.get(0))).strip();
        switch (given.get(0)) {
            case "phone" -> {
                String e164 = phones.toE164(raw).orElseThrow(() -> HttpProblem.unprocessable("invalid-fields",
                        "Invalid fields", "phone is not a phone number"));
                String national = e164.startsWith("+86") ? e164.substring(3) : e164.substring(1);
                return new Person("phone", e164, "phone:" + e164,
                        List.of(e164, national, e164.substring(1), "%2B" + e164.substring(1)));
            }
            case "email" -> {
                String email = raw.toLowerCase(Locale.ROOT);
                if (!email.matches("[^@\\s]+@[^@\\s]+")) {
                    throw HttpProblem.unprocessable("invalid-fields", "Invalid fields", "email is not an email address");
                }
                return new Person("email", email, "email:" + email,
                        List.of(email, raw, email.replace("@", "%40"), raw.replace("@", "%40")));
            }
            default -> {
                if (!ID_NUMBER.matcher(raw).matches()) {
                    throw HttpProblem.unprocessable("invalid-fields", "Invalid fields",
                            "idNumber must be 15 digits, or 17 digits and a check digit or X");
                }
                String upper = raw.toUpperCase(Locale.ROOT);
                return new Person("idNumber", upper, null, List.of(upper, upper.toLowerCase(Locale.ROOT)));
            }
        }
    }
}
