package dev.shouli.feature.console;

import dev.shouli.core.domain.Hashes;
import dev.shouli.feature.console.DeskUserStore.DeskUser;
import dev.shouli.feature.console.DeskUserStore.Session;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Console sessions: a random token in an {@code HttpOnly; SameSite=Strict} cookie (Secure except on plain
 * HTTP to a loopback address), its SHA-256 in PostgreSQL with the user, an anti-forgery token and the
 * language. Any instance finds any session, so a browser may reach any of them.
 */
final class ConsoleSessions {

    static final String COOKIE = "shouli_desk";
    /** Set by the sign-in page before there is a session: its value must come back in the form (login CSRF). */
    static final String SIGN_IN_COOKIE = "shouli_desk_signin";
    static final String PATH = "/desk";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeskUserStore store;
    private final ConsoleConfig config;
    private final Clock clock;

    ConsoleSessions(DeskUserStore store, ConsoleConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Signs the user in: a new session (never one the browser brought along, so a planted id is useless). */
    Future<Void> open(RoutingContext ctx, DeskUser user, Lang lang) {
        String token = randomToken();
        Instant now = clock.instant();
        Instant expires = earliest(now.plus(config.sessionIdle()), now.plus(config.sessionMax()));
        return store.createSession(sha256(token), user.id(), randomToken(), lang.tag(), now, expires)
                .compose(v -> store.deleteExpiredSessions(now).otherwiseEmpty())
                .onSuccess(v -> ctx.response().addCookie(cookie(ctx, COOKIE, token)));
    }

    Future<Optional<Session>> current(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isBlank()) {
            return Future.succeededFuture(Optional.empty());
        }
        Instant now = clock.instant();
        return store.touchSession(sha256(cookie.getValue()), now, now.plus(config.sessionIdle()),
                config.sessionMax().toSeconds());
    }

    Future<Void> close(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        ctx.response().addCookie(cookie(ctx, COOKIE, "").setMaxAge(0));
        return cookie == null ? Future.succeededFuture() : store.deleteSession(sha256(cookie.getValue()));
    }

    Future<Void> setLanguage(RoutingContext ctx, Lang lang) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie == null ? Future.succeededFuture() : store.setLanguage(sha256(cookie.getValue()), lang.tag());
    }

    /** The pre-session anti-forgery value of the sign-in form, set as a cookie when missing. */
    String signInToken(RoutingContext ctx) {
        Cookie existing = ctx.request().getCookie(SIGN_IN_COOKIE);
        if (existing != null && existing.getValue().length() >= 32) {
            return existing.getValue();
        }
        String token = randomToken();
        ctx.response().addCookie(cookie(ctx, SIGN_IN_COOKIE, token));
        return token;
    }

    Cookie cookie(RoutingContext ctx, String name, String value) {
        return Cookie.cookie(name, value)
                .setPath(PATH)
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(secure(ctx.request()));
    }

    /**
     * Secure, unless {@code secureCookie: auto} and the browser talks plain HTTP to a loopback address (a trial
     * on one's own machine), where a Secure cookie would never come back. A TLS proxy in front is seen by its
     * Host header, which is then not a loopback name.
     */
    boolean secure(HttpServerRequest request) {
        return secure(config.secureCookie(), request.isSSL(),
                request.authority() == null ? "" : request.authority().host(),
                request.remoteAddress() == null ? "" : request.remoteAddress().host());
    }

    static boolean secure(String mode, boolean tls, String host, String peer) {
        if ("always".equals(mode) || tls) {
            return true;
        }
        return !(loopback(host) || "localhost".equalsIgnoreCase(host)) || !loopback(peer);
    }

    private static boolean loopback(String address) {
        String a = address == null ? "" : address.replace("[", "").replace("]", "");
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        return Hashes.sha256Hex(token);
    }

    /** Constant-time comparison of two anti-forgery values. */
    static boolean sameToken(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
