package dev.shouli.channel.email;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Sessions one SMTP client (remote address) holds at once: one more is answered {@code 421} and closed, so one
 * sender cannot take every session the listener has ({@code smtp.maxConnections}).
 */
final class SmtpClients implements SessionHandler {

    private final int maxPerClient;
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();

    SmtpClients(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    static String client(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    @Override
    public SessionAcceptance accept(Session session) {
        AtomicInteger held = sessions.computeIfAbsent(client(session.getRemoteAddress()), c -> new AtomicInteger());
        if (held.incrementAndGet() > maxPerClient) {
            return SessionAcceptance.failure(421, "4.7.0 too many connections from your address; try again later");
        }
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        String client = client(session.getRemoteAddress());
        AtomicInteger held = sessions.get(client);
        if (held != null && held.decrementAndGet() <= 0) {
            sessions.remove(client, held);
        }
    }
}
