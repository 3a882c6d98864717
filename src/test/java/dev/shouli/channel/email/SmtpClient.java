package dev.shouli.channel.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.Properties;

/** A real jakarta.mail SMTP client for the listener tests. */
final class SmtpClient {

    private final Session session;

    SmtpClient(int port) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "90000");
        this.session = Session.getInstance(p);
    }

    MimeMessage message(String from, String to, String subject, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        m.saveChanges();
        return m;
    }

    void send(MimeMessage m) throws MessagingException {
        Transport.send(m);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
