package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.text;

import dev.shouli.feature.console.ConsoleCaseStore.StoredSubmission;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A submission exactly as it arrived, shown as text and never as markup: mail as its decoded headers, its text
 * parts (HTML parts as their source) and a list of its attachments, plus the raw source; JSON pretty-printed;
 * anything else as UTF-8 text. Every byte goes through {@link Html#text}.
 */
final class VerbatimView {

    /** More than this of a raw body is cut on the page (the whole stays in the database and the API). */
    static final int MAX_SHOWN = 200_000;
    private static final int MAX_DEPTH = 8;

    private VerbatimView() {
    }

    static String render(Texts t, StoredSubmission s) {
        StringBuilder b = new StringBuilder();
        if ("message/rfc822".equals(s.contentType())) {
            mail(b, t, s.body());
        } else {
            b.append("<pre class=\"verbatim\">").append(text(body(s))).append("</pre>\n");
        }
        return b.toString();
    }

    private static String body(StoredSubmission s) {
        String raw = decode(s.body());
        if (s.contentType() != null && s.contentType().contains("json")) {
            try {
                return new JsonObject(raw).encodePrettily();
            } catch (DecodeException | ClassCastException e) {
                return raw;
            }
        }
        return raw;
    }

    private static void mail(StringBuilder b, Texts t, byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            b.append("<dl class=\"fields\">");
            for (String header : new String[] {"From", "To", "Cc", "Date", "Subject", "Message-ID"}) {
                String value = message.getHeader(header, ", ");
                if (value != null) {
                    b.append("<dt>").append(text(header)).append("</dt><dd>").append(text(decodeHeader(value)))
                            .append("</dd>");
                }
            }
            b.append("</dl>\n");
            StringBuilder attachments = new StringBuilder();
            parts(b, attachments, t, message, 0);
            if (!attachments.isEmpty()) {
                b.append("<h4>").append(text(t.get("verbatim.mailAttachments"))).append("</h4><ul>").append(attachments)
                        .append("</ul>\n");
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            b.append("<p class=\"muted\">").append(text(t.get("verbatim.unreadable"))).append("</p>\n");
        }
        b.append("<details><summary>").append(text(t.get("verbatim.raw"))).append("</summary><pre class=\"verbatim\">")
                .append(text(decode(raw))).append("</pre></details>\n");
    }

    private static void parts(StringBuilder b, StringBuilder attachments, Texts t, Part part, int depth)
            throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        String disposition = part.getDisposition();
        String name = part.getFileName() == null ? null : decodeHeader(part.getFileName());
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                parts(b, attachments, t, child, depth + 1);
            }
        } else if (name == null && !Part.ATTACHMENT.equalsIgnoreCase(disposition) && part.isMimeType("text/*")) {
            String label = part.isMimeType("text/html") ? t.get("verbatim.htmlSource") : t.get("verbatim.text");
            b.append("<h4>").append(text(label)).append("</h4><pre class=\"verbatim\">")
                    .append(text(limit(String.valueOf(part.getContent())))).append("</pre>\n");
        } else {
            attachments.append("<li>").append(text(name == null ? t.get("verbatim.unnamed") : name))
                    .append(" <span class=\"muted small\">").append(text(part.getContentType().split(";")[0]))
                    .append("</span></li>");
        }
    }

    private static String decodeHeader(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (IOException | RuntimeException e) {
            return value;
        }
    }

    private static String decode(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, MAX_SHOWN), StandardCharsets.UTF_8);
        return bytes.length > MAX_SHOWN ? s + "\n…" : s;
    }

    private static String limit(String s) {
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "\n…" : s;
    }
}
