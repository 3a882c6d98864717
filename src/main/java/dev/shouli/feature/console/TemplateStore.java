package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reply templates (回复模板) and result templates (办理结果模板), one text per language. */
final class TemplateStore {

    /** A template: kind {@code reply} or {@code result}; {@code bodies} by language (zh-Hans, zh-Hant, en). */
    record Template(long id, String kind, String name, JsonObject bodies, String updatedBy, Instant updatedAt) {
        /** The text for a case's language, the simplified Chinese one when there is none in it. */
        String body(String languageTag) {
            return bodies.getString(languageTag, bodies.getString("zh-Hans", ""));
        }
    }

    private static final String COLUMNS = "SELECT id, kind, name, bodies, updated_by, updated_at FROM desk_template";

    private final Pool pool;

    TemplateStore(Pool pool) {
        this.pool = pool;
    }

    Future<List<Template>> all() {
        return pool.query(COLUMNS + " ORDER BY kind, name").execute().map(rows -> {
            List<Template> out = new ArrayList<>();
            rows.forEach(r -> out.add(template(r)));
            return out;
        });
    }

    Future<Optional<Template>> byId(long id) {
        return pool.preparedQuery(COLUMNS + " WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(template(rows.iterator().next())) : Optional.empty());
    }

    /** Creates the template, or replaces the texts of the one of that kind and name. */
    Future<Void> save(String kind, String name, JsonObject bodies, String user, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO desk_template (kind, name, bodies, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (kind, name) DO UPDATE SET bodies = EXCLUDED.bodies, updated_by = EXCLUDED.updated_by,
                                                               updated_at = EXCLUDED.updated_at""")
                .execute(Tuple.of(kind, name, bodies, user, SqlTime.utc(now))).mapEmpty();
    }

    Future<Void> delete(long id) {
        return pool.preparedQuery("DELETE FROM desk_template WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
    }

    private static Template template(Row r) {
        return new Template(r.getLong("id"), r.getString("kind"), r.getString("name"), r.getJsonObject("bodies"),
                r.getString("updated_by"), r.getOffsetDateTime("updated_at").toInstant());
    }
}
