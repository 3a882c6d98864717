package dev.shouli.feature.console;

import dev.shouli.feature.console.DeskUserStore.DeskUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Desk users: creating them (CLI, start-up bootstrap) and checking a sign-in, throttled per account and per
 * client address by the failures recorded in the database, so every instance applies the same limit.
 */
public final class DeskUsers {

    public static final List<String> ROLES = List.of("agent", "supervisor");
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,39}");
    public static final int MIN_PASSWORD = 12;

    /** The answer to a sign-in attempt. */
    public sealed interface SignIn {
        record Accepted(DeskUser user) implements SignIn {
        }

        record Refused() implements SignIn {
        }

        /** Too many failures recently: not even checked. */
        record Throttled() implements SignIn {
        }
    }

    private final Vertx vertx;
    private final DeskUserStore store;
    private final ConsoleConfig config;
    private final Clock clock;

    public DeskUsers(Vertx vertx, DeskUserStore store, ConsoleConfig config, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** A user name, password or role that breaks the rules; {@code code} is name, password, role or exists. */
    public static final class Invalid extends IllegalArgumentException {
        private final String code;

        Invalid(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Checks a user name for the rules of desk_user.username; returns it lower-cased. */
    public static String username(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(n).matches()) {
            throw new Invalid("name", "a user name is 2 to 40 of a-z, 0-9, '.', '_' and '-', starting with a "
                    + "letter or digit");
        }
        return n;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new Invalid("password", "a password needs at least " + MIN_PASSWORD + " characters");
        }
    }

    static void checkRole(String role) {
        if (!ROLES.contains(role)) {
            throw new Invalid("role", "the role must be agent or supervisor");
        }
    }

    /** Creates or updates a user (the CLI); true when created. */
    public Future<Boolean> save(String name, String displayName, String role, String password) {
        return checked(name, displayName, role, password)
                .compose(u -> store.upsert(u.username(), u.shown(), role, u.hash(), clock.instant()));
    }

    /** A user as given, checked, its password hashed off the event loop. */
    private record NewUser(String username, String shown, String hash) {
    }

    private Future<NewUser> checked(String name, String displayName, String role, String password) {
        String username;
        try {
            username = username(name);
            checkRole(role);
            checkPassword(password);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String shown = displayName == null || displayName.isBlank() ? username : displayName.strip();
        return vertx.executeBlocking(() -> new NewUser(username, shown, PasswordHasher.hash(password)));
    }

    /** A new user (the users page); refused with {@link IllegalArgumentException} when the name is taken. */
    public Future<Void> create(String name, String displayName, String role, String password) {
        return checked(name, displayName, role, password)
                .compose(u -> store.createIfMissing(u.username(), u.shown(), role, u.hash(), clock.instant())
                        .compose(created -> created ? Future.<Void>succeededFuture()
                                : Future.failedFuture(new Invalid("exists", "a user named " + u.username() + " exists"))));
    }

    /** A new role, display name or active state for an existing user; false when there is none of that name. */
    public Future<Boolean> change(String username, String displayName, String role, Boolean active) {
        if (role != null) {
            try {
                checkRole(role);
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
        }
        String shown = displayName == null || displayName.isBlank() ? null : displayName.strip();
        return store.change(username, shown, role, active, null, clock.instant());
    }

    /** A new password set by a supervisor; the user's sessions end. */
    public Future<Boolean> resetPassword(String username, String password) {
        try {
            checkPassword(password);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return vertx.executeBlocking(() -> PasswordHasher.hash(password))
                .compose(hash -> store.change(username, null, null, null, hash, clock.instant()));
    }

    public Future<List<DeskUser>> all() {
        return store.all();
    }

    /** The configured first user, created only when missing (a later password change is not undone). */
    public Future<Void> bootstrap() {
        ConsoleConfig.Bootstrap b = config.bootstrap();
        if (b == null) {
            return Future.succeededFuture();
        }
        String username = username(b.username());
        return vertx.executeBlocking(() -> PasswordHasher.hash(b.password()))
                .compose(hash -> store.createIfMissing(username, username, b.role(), hash, clock.instant()))
                .mapEmpty();
    }

    public Future<SignIn> signIn(String name, String password, String client) {
        Instant now = clock.instant();
        String account = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        String given = password == null ? "" : password;
        return store.recentFailures(account, client, now.minus(config.failureWindow())).compose(counts -> {
            if (counts[0] >= config.maxFailuresPerAccount() || counts[1] >= config.maxFailuresPerClient()) {
                return Future.succeededFuture(new SignIn.Throttled());
            }
            return store.byUsername(account).compose(found -> vertx.executeBlocking(() -> check(found, given)))
                    .compose(user -> user.isPresent()
                            ? store.clearFailures(account, now.minus(config.failureWindow()))
                                    .map(v -> (SignIn) new SignIn.Accepted(user.get()))
                            : store.recordFailure(account, client, now).map(v -> (SignIn) new SignIn.Refused()));
        });
    }

    private static Optional<DeskUser> check(Optional<DeskUser> found, String password) {
        if (found.isEmpty() || !found.get().active()) {
            PasswordHasher.decoyCheck(password);
            return Optional.empty();
        }
        return PasswordHasher.matches(password, found.get().passwordHash()) ? found : Optional.empty();
    }
}
