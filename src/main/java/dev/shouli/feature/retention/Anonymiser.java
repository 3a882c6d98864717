package dev.shouli.feature.retention;

import dev.shouli.core.cases.CaseErasure;
import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Removes the personal data of cases and keeps their skeleton for statistics: the case store's part
 * ({@link CaseErasure}), then every module's own ({@link PersonalData}: dedup fingerprints, mail threads, 回访
 * addresses and comments, desk notes, Open311 request details). Runs on the caller's connection, inside its
 * transaction (erasure and the retention job share it).
 */
final class Anonymiser {

    private final CaseErasure cases = new CaseErasure();
    private final Supplier<List<PersonalData>> modules;

    Anonymiser(Supplier<List<PersonalData>> modules) {
        this.modules = modules;
    }

    Future<CaseErasure.Counts> anonymise(SqlConnection conn, List<Long> caseIds, Instant now) {
        if (caseIds.isEmpty()) {
            return Future.succeededFuture(new CaseErasure.Counts(0, 0, 0, 0));
        }
        return cases.eraseCases(conn, caseIds, now).compose(counts -> Future.all(modules.get().stream()
                        .map(m -> m.eraseCases(conn, caseIds, now)).toList())
                .map(counts));
    }

    CaseErasure cases() {
        return cases;
    }

    List<PersonalData> modules() {
        return modules.get();
    }
}
