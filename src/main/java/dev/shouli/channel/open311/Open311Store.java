package dev.shouli.channel.open311;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Open311 service requests: written in the intake transaction, read by GeoReport clients. */
final class Open311Store {

    /** GeoReport knows two states; everything finished or handed back counts as closed. */
    private static final String OPEN311_STATUS = """
            CASE WHEN c.status IN ('resolved', 'closed', 'returned', 'merged') THEN 'closed' ELSE 'open' END""";

    private static final String COLUMNS = """
            c.reference, %s AS open311_status, c.updated_at, c.resolve_due_at, r.service_code, r.token,
            r.description, r.address_string, r.address_id, r.latitude, r.longitude, r.media_url, r.status_notes,
            r.requested_at""".formatted(OPEN311_STATUS);

    private static final String INSERT = """
            INSERT INTO open311_request (case_id, service_code, token, description, address_string, address_id,
                                         latitude, longitude, media_url, attributes, account_id, requested_at)
            VALUES (#{caseId}, #{serviceCode}, #{token}, #{description}, #{addressString}, #{addressId}, #{lat},
                    #{long}, #{mediaUrl}, #{attributes}, #{accountId}, #{requestedAt})
            ON CONFLICT DO NOTHING""";

    private static final String BY_REFERENCE = "SELECT " + COLUMNS + """
              FROM open311_request r JOIN complaint_case c ON c.id = r.case_id
             WHERE c.reference = ANY(#{references})
             ORDER BY r.requested_at DESC, r.case_id DESC
             LIMIT #{limit}""";

    private static final String SEARCH = "SELECT " + COLUMNS + """
              FROM open311_request r JOIN complaint_case c ON c.id = r.case_id
             WHERE r.requested_at >= #{start} AND r.requested_at <= #{end}
               AND (#{codes}::text[] IS NULL OR r.service_code = ANY(#{codes}))
               AND (#{statuses}::text[] IS NULL OR %s = ANY(#{statuses}))
             ORDER BY r.requested_at DESC, r.case_id DESC
             LIMIT #{limit}""".formatted(OPEN311_STATUS);

    private static final String BY_TOKEN = """
            SELECT c.reference FROM open311_request r JOIN complaint_case c ON c.id = r.case_id WHERE r.token = #{token}""";

    private static final String STATUS_NOTES = """
            UPDATE open311_request SET status_notes = #{notes} WHERE case_id = #{caseId}""";

    /** What a GeoReport client sent, beyond the case record. */
    public record NewRequest(long caseId, String serviceCode, String token, String description, String addressString,
                             String addressId, Double latitude, Double longitude, String mediaUrl,
                             JsonObject attributes, String accountId, Instant requestedAt) {
    }

    /** A request as GeoReport shows it; no personal data of the requester is read at all. */
    public record ServiceRequest(String reference, String status, String statusNotes, String serviceCode,
                                 String description, Instant requestedAt, Instant updatedAt, Instant expectedAt,
                                 String address, String addressId, Double latitude, Double longitude,
                                 String mediaUrl) {
    }

    private final Pool pool;

    public Open311Store(Pool pool) {
        this.pool = pool;
    }

    public static Future<Void> insert(SqlClient client, NewRequest r) {
        Map<String, Object> p = new HashMap<>();
        p.put("caseId", r.caseId());
        p.put("serviceCode", r.serviceCode());
        p.put("token", r.token());
        p.put("description", r.description());
        p.put("addressString", r.addressString());
        p.put("addressId", r.addressId());
        p.put("lat", r.latitude());
        p.put("long", r.longitude());
        p.put("mediaUrl", r.mediaUrl());
        p.put("attributes", r.attributes());
        p.put("accountId", r.accountId());
        p.put("requestedAt", SqlTime.utc(r.requestedAt()));
        return SqlTemplate.forUpdate(client, INSERT).execute(p).mapEmpty();
    }

    public static Future<Void> statusNotes(SqlClient client, long caseId, String notes) {
        // notes may be null (an action without a note): Map.of would refuse it.
        Map<String, Object> p = new HashMap<>();
        p.put("caseId", caseId);
        p.put("notes", notes);
        return SqlTemplate.forUpdate(client, STATUS_NOTES).execute(p).mapEmpty();
    }

    public Future<List<ServiceRequest>> byReferences(List<String> references, int limit) {
        return rows(BY_REFERENCE, Map.of("references", references.toArray(new String[0]), "limit", limit));
    }

    /** @param codes and statuses null for "any" */
    public Future<List<ServiceRequest>> search(Instant start, Instant end, List<String> codes, List<String> statuses,
                                               int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("start", SqlTime.utc(start));
        p.put("end", SqlTime.utc(end));
        p.put("codes", codes == null ? null : codes.toArray(new String[0]));
        p.put("statuses", statuses == null ? null : statuses.toArray(new String[0]));
        p.put("limit", limit);
        return rows(SEARCH, p);
    }

    public Future<Optional<String>> referenceOfToken(String token) {
        return SqlTemplate.forQuery(pool, BY_TOKEN).mapTo(r -> r.getString("reference"))
                .execute(Map.of("token", token))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    private Future<List<ServiceRequest>> rows(String sql, Map<String, Object> params) {
        return SqlTemplate.forQuery(pool, sql).mapTo(Open311Store::request).execute(params).map(rows -> {
            List<ServiceRequest> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        });
    }

    private static ServiceRequest request(Row r) {
        return new ServiceRequest(r.getString("reference"), r.getString("open311_status"), r.getString("status_notes"),
                r.getString("service_code"), r.getString("description"), instant(r.getOffsetDateTime("requested_at")),
                instant(r.getOffsetDateTime("updated_at")), instant(r.getOffsetDateTime("resolve_due_at")),
                r.getString("address_string"), r.getString("address_id"), r.getDouble("latitude"),
                r.getDouble("longitude"), r.getString("media_url"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
