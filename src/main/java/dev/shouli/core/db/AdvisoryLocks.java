package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;

/**
 * PostgreSQL advisory transaction locks named by text, as the intake path and the SMS sender take them.
 *
 * <p>A name becomes a 64-bit key here, in Java, so that callers can sort the keys actually locked: two
 * transactions that each take their keys in ascending order can never wait for each other in a cycle.
 * (Sorting names and locking their hashes, as before, orders the names, not the locks.)
 */
public final class AdvisoryLocks {

    private static final String LOCK_ALL = "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k";

    private AdvisoryLocks() {
    }

    /** The lock key of {@code name}: the first 8 bytes of SHA-256 of "shouli:" + name. */
    public static long key(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("shouli:" + name).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The keys of {@code names}, distinct and ascending: the order every transaction takes them in. */
    public static Long[] sortedKeys(Collection<String> names) {
        return names.stream().map(AdvisoryLocks::key).distinct().sorted().toArray(Long[]::new);
    }

    /**
     * Takes the locks of {@code names} for the rest of the transaction, in ascending key order, in one
     * statement: {@code unnest} hands the array's elements to the lock function in array order.
     */
    public static Future<Void> lockAll(SqlClient client, Collection<String> names) {
        Long[] keys = sortedKeys(names);
        if (keys.length == 0) {
            return Future.succeededFuture();
        }
        return client.preparedQuery(LOCK_ALL).execute(Tuple.of(keys)).mapEmpty();
    }

    /** One lock, for a transaction that takes no other. */
    public static Future<Void> lock(SqlClient client, String name) {
        return lockAll(client, Arrays.asList(name));
    }

    /**
     * The lock of one phone number's SMS conversation: the SMS follow-up rule and a 回访 answer by SMS decide under
     * it, so two messages from one number are decided one after the other on every instance.
     */
    public static String smsNumber(String e164) {
        return "sms-phone:" + e164;
    }
}
