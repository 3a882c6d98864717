package dev.shouli.feature.console;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes in PHC string form, through password4j. Parameters follow OWASP's first choice
 * (19 MiB, 2 passes, 1 lane). A hash is checked with the parameters written in it, so raising them later
 * leaves older hashes valid. Hashing takes tens of milliseconds on purpose: call it off the event loop.
 */
public final class PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;

    private static final Argon2Function ARGON2ID =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);

    /** Checked when the user name is unknown, so a wrong name costs as long as a wrong password. */
    private static final String DECOY = hash("decoy password that matches no user");

    private PasswordHasher() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2ID).getResult();
    }

    /** True when {@code password} matches {@code phc}; a malformed or non-Argon2id hash never matches. */
    public static boolean matches(String password, String phc) {
        if (phc == null || !phc.startsWith("$argon2id$")) {
            return false;
        }
        try {
            return Password.check(password, phc).with(Argon2Function.getInstanceFromHash(phc));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Spends the time of one check without a user, so timing does not tell which names exist. */
    public static void decoyCheck(String password) {
        matches(password, DECOY);
    }
}
