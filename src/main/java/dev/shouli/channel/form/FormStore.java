package dev.shouli.channel.form;

import dev.shouli.core.db.SqlTime;
import dev.shouli.core.domain.Hashes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The web form's own rows: receipts behind their unguessable addresses, and files held while a person corrects
 * a form. Tokens are stored only as SHA-256, so the table alone opens nothing.
 */
final class FormStore {

    private static final String INSERT_RECEIPT = """
            INSERT INTO form_receipt (token_sha256, nonce, reference, kind, existing_case, acknowledged, language,
                                      created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (nonce) DO NOTHING""";

    private static final String RECEIPT_BY_TOKEN = """
            SELECT reference, kind, existing_case, acknowledged, language FROM form_receipt WHERE token_sha256 = $1""";

    private static final String RECEIPT_BY_NONCE = """
            SELECT reference, kind, existing_case, acknowledged, language FROM form_receipt WHERE nonce = $1""";

    private static final String HOLD = """
            INSERT INTO form_held_upload (token_sha256, cookie_sha256, name, content_type, size_bytes, content,
                                          created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";

    private static final String HELD = """
            SELECT token_sha256, name, content_type, size_bytes, content FROM form_held_upload
             WHERE token_sha256 = ANY($1) AND cookie_sha256 = $2 AND expires_at > $3""";

    private static final String FORGET_EXPIRED = "DELETE FROM form_held_upload WHERE expires_at <= $1";

    /**
     * What a receipt page shows: the reference told at the time, for what kind of matter, whether it joined a
     * case already registered, whether an acknowledgement is on its way, and the language it was sent in.
     */
    public record Receipt(String reference, String kind, boolean existingCase, boolean acknowledged, String language) {
    }

    /** A held file; {@code tokenSha256} names it, the form carries the token itself. */
    public record HeldUpload(String tokenSha256, String name, String contentType, long size, byte[] content) {
    }

    private final Pool pool;

    public FormStore(Pool pool) {
        this.pool = pool;
    }

    /** Records a receipt; a second one for the same form (a double post) keeps the first. */
    public Future<Void> saveReceipt(String token, String nonce, Receipt receipt, Instant now) {
        return pool.preparedQuery(INSERT_RECEIPT)
                .execute(Tuple.tuple(List.of(sha256(token), nonce, receipt.reference(), receipt.kind(),
                        receipt.existingCase(), receipt.acknowledged(), receipt.language(), SqlTime.utc(now))))
                .mapEmpty();
    }

    public Future<Optional<Receipt>> receiptByToken(String token) {
        return pool.preparedQuery(RECEIPT_BY_TOKEN).execute(Tuple.of(sha256(token))).map(FormStore::receipt);
    }

    /** The receipt a form's first post got, for the page that refuses a changed second post. */
    public Future<Optional<Receipt>> receiptByNonce(String nonce) {
        return pool.preparedQuery(RECEIPT_BY_NONCE).execute(Tuple.of(nonce)).map(FormStore::receipt);
    }

    /** Holds one file for {@code cookie}'s browser until {@code expiresAt}; expired files are deleted on the way. */
    public Future<Void> hold(String token, String cookie, String name, String contentType, byte[] content,
                             Instant now, Instant expiresAt) {
        return pool.preparedQuery(FORGET_EXPIRED).execute(Tuple.of(SqlTime.utc(now)))
                .compose(ignored -> pool.preparedQuery(HOLD).execute(Tuple.tuple(List.of(sha256(token),
                        sha256(cookie), name, contentType, (long) content.length, Buffer.buffer(content),
                        SqlTime.utc(now), SqlTime.utc(expiresAt)))))
                .mapEmpty();
    }

    /** The held files of these tokens that belong to {@code cookie}'s browser and have not expired. */
    public Future<List<HeldUpload>> held(List<String> tokens, String cookie, Instant now) {
        if (tokens.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        String[] hashes = tokens.stream().map(FormStore::sha256).toArray(String[]::new);
        return pool.preparedQuery(HELD).execute(Tuple.of(hashes, sha256(cookie), SqlTime.utc(now)))
                .map(rows -> {
                    List<HeldUpload> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new HeldUpload(r.getString("token_sha256"), r.getString("name"),
                            r.getString("content_type"), r.getLong("size_bytes"), r.getBuffer("content").getBytes())));
                    return out;
                });
    }

    public static String sha256(String token) {
        return Hashes.sha256Hex(token);
    }

    private static Optional<Receipt> receipt(io.vertx.sqlclient.RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new Receipt(r.getString("reference"), r.getString("kind"), r.getBoolean("existing_case"),
                r.getBoolean("acknowledged"), r.getString("language")));
    }
}
