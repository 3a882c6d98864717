package dev.shouli.channel.email;

import dev.shouli.channel.InputText;
import dev.shouli.core.domain.AttachmentDraft;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw RFC 5322 bytes to a {@link ParsedEmail}. The body is chosen in Apache James's order (the parts of a
 * multipart/alternative, else the first non-attachment part, else an inline part without Content-ID) and
 * decoded with {@link MailCharsets}, never with the label alone. Depth and part counts are limited.
 */
final class EmailParser {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    static {
        // jakarta.mail 2.1.3 looks its StreamProvider up through ServiceLoader for every header block and body part
        // (jakartaee/mail-api#699, #861): a third of the parse time of a small message. Named here, the lookup is
        // a Class.forName of a loaded class. Set only if nobody chose one.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Session session;
    private final MimeLimits limits;

    EmailParser(MimeLimits limits) {
        Properties p = new Properties();
        // Keep 8-bit header bytes as they are (one char per byte) so we can detect their charset ourselves.
        p.setProperty("mail.mime.allowutf8", "false");
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodeparameters", "true");
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
        this.session = Session.getInstance(p);
        this.limits = limits;
    }

    /** The headers of the message without its body: enough to tell a report or a bounce. */
    ParsedEmail parseHeaders(byte[] raw) throws MalformedEmailException {
        try {
            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
            Map<String, String> headers = headers(m);
            Map<String, String> rawHeaders = rawHeaders(m);
            String[] type = m.getHeader("Content-Type");
            return new ParsedEmail(firstId(headers.get("message-id")), ids(headers.get("in-reply-to")),
                    ids(headers.get("references")), headers.get("subject"), firstAddress(rawAddresses(rawHeaders.get("from"))),
                    rawAddresses(rawHeaders.get("to")), firstAddress(rawAddresses(rawHeaders.get("sender"))), date(m),
                    type == null ? "text/plain" : InputText.clean(type[0]), headers, null, false, List.of(), List.of(),
                    List.of());
        } catch (MessagingException | RuntimeException e) {
            throw new MalformedEmailException("cannot parse the message headers: " + e.getMessage(), e);
        }
    }

    ParsedEmail parse(byte[] raw) throws MalformedEmailException {
        try {
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
            return parse(message, new Budget(), 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new MalformedEmailException("cannot parse the message: " + e.getMessage(), e);
        }
    }

    /** Counts parts and attachment bytes across the whole message, attached messages included. */
    private final class Budget {
        int parts;
        int attachments;
        long attachmentBytes;

        void part(int depth) throws MalformedEmailException {
            if (++parts > limits.maxParts()) {
                throw new MalformedEmailException("more than " + limits.maxParts() + " MIME parts");
            }
            if (depth > limits.maxDepth()) {
                throw new MalformedEmailException("MIME nesting deeper than " + limits.maxDepth());
            }
        }
    }

    private ParsedEmail parse(MimeMessage m, Budget budget, int depth)
            throws MessagingException, IOException, MalformedEmailException {
        Map<String, String> headers = headers(m);
        Map<String, String> raw = rawHeaders(m);
        Body body = new Body();
        walk(m, budget, depth, body, true);
        String text = body.plain != null ? body.plain : body.html != null ? HtmlText.toText(body.html) : null;
        return new ParsedEmail(
                firstId(headers.get("message-id")),
                ids(headers.get("in-reply-to")),
                ids(headers.get("references")),
                headers.get("subject"),
                // Addresses from the raw header, names decoded afterwards: a decoded name is text, and text
                // that says "Bcc: someone@else" must never become an address.
                firstAddress(rawAddresses(raw.get("from"))),
                rawAddresses(raw.get("to")),
                firstAddress(rawAddresses(raw.get("sender"))),
                date(m),
                contentType(m),
                headers,
                text,
                body.plain == null && body.html != null,
                List.copyOf(body.attachments),
                List.copyOf(body.skipped),
                List.copyOf(body.messages));
    }

    /** What the walk found. */
    private static final class Body {
        String plain;
        String html;
        final List<AttachmentDraft> attachments = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<ParsedEmail> messages = new ArrayList<>();
    }

    /**
     * @param bodyWanted whether this part may still provide the body (false once a body was found or
     *                   inside an attachment)
     */
    private void walk(Part part, Budget budget, int depth, Body body, boolean bodyWanted)
            throws MessagingException, IOException, MalformedEmailException {
        budget.part(depth);
        String type = contentType(part);
        if (type.startsWith("multipart/")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new MalformedEmailException("a " + type + " part without a readable multipart body");
            }
            // A part cut off before its closing boundary is read as far as it goes, as mail clients do
            // (mail.mime.multipart.ignoremissingendboundary); the raw message is kept whole beside it.
            boolean alternative = type.equals("multipart/alternative");
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                boolean childWanted = bodyWanted && (alternative || body.plain == null && body.html == null);
                walk(child, budget, depth + 1, body, childWanted);
            }
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || fileName(part) != null;
        if (type.equals("message/rfc822") && !Part.INLINE.equalsIgnoreCase(disposition(part))) {
            Object content = part.getContent();
            if (content instanceof MimeMessage inner) {
                body.messages.add(parse(inner, budget, depth + 1));
            }
            keepAttachment(part, fileName(part) == null ? "message.eml" : fileName(part), type, budget, body);
            return;
        }
        if (!attachment && bodyWanted && (type.equals("text/plain") || type.equals("text/html"))) {
            String text = text(part);
            if (type.equals("text/plain") && body.plain == null) {
                body.plain = text;
                return;
            }
            if (type.equals("text/html") && body.html == null) {
                body.html = text;
                return;
            }
        }
        if (!attachment && bodyWanted && type.startsWith("text/") && body.plain == null && body.html == null
                && contentId(part) == null) {
            body.plain = text(part); // an inline text part without Content-ID, e.g. text/enriched
            return;
        }
        if (type.startsWith("text/") && !attachment && !bodyWanted) {
            return; // the other half of an alternative, or a signature part: not evidence
        }
        String name = fileName(part);
        keepAttachment(part, name == null ? "part-" + budget.parts : name, type, budget, body);
    }

    private void keepAttachment(Part part, String name, String type, Budget budget, Body body)
            throws MessagingException, IOException {
        if (budget.attachments >= limits.maxAttachments()) {
            body.skipped.add(name + " (more than " + limits.maxAttachments() + " attachments)");
            return;
        }
        byte[] bytes = readLimited(part.getInputStream(), limits.maxAttachmentBytes());
        if (bytes == null) {
            body.skipped.add(name + " (larger than " + limits.maxAttachmentBytes() + " bytes)");
            return;
        }
        if (budget.attachmentBytes + bytes.length > limits.maxTotalAttachmentBytes()) {
            body.skipped.add(name + " (attachments larger than " + limits.maxTotalAttachmentBytes() + " bytes in all)");
            return;
        }
        budget.attachments++;
        budget.attachmentBytes += bytes.length;
        body.attachments.add(new AttachmentDraft(name, type, bytes));
    }

    /** The bytes of a stream, or null when there are more than {@code max}. */
    private static byte[] readLimited(InputStream in, long max) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return bytes.length > max ? null : bytes;
        }
    }

    private static String text(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        // One line-end convention from here on, so line-based rules (quotes, forwards) see the same text.
        return InputText.clean(MailCharsets.decode(bytes, charset(part)).replace("\r\n", "\n").replace('\r', '\n'));
    }

    private static String charset(Part part) throws MessagingException {
        String[] values = part.getHeader("Content-Type");
        if (values == null) {
            return null;
        }
        try {
            return new ContentType(values[0]).getParameter("charset");
        } catch (ParseException e) {
            Matcher m = Pattern.compile("charset\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE).matcher(values[0]);
            return m.find() ? m.group(1) : null;
        }
    }

    static String contentType(Part part) throws MessagingException {
        String[] values = part.getHeader("Content-Type");
        if (values == null) {
            return "text/plain";
        }
        try {
            return InputText.clean(new ContentType(values[0]).getBaseType().toLowerCase(Locale.ROOT));
        } catch (ParseException e) {
            String base = values[0].split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return base.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? base : "application/octet-stream";
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String contentId(Part part) throws MessagingException {
        return part instanceof MimePart mp ? mp.getContentID() : null;
    }

    /** The file name from Content-Disposition (RFC 2231 continuations included) or Content-Type name. */
    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? null : InputText.clean(EncodedWords.decode(name).strip());
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> headers(MimeMessage m) throws MessagingException {
        Map<String, String> headers = new LinkedHashMap<>();
        Enumeration<Header> all = m.getAllHeaders();
        while (all.hasMoreElements()) {
            Header h = all.nextElement();
            String name = h.getName().toLowerCase(Locale.ROOT);
            String value = h.getValue() == null ? "" : h.getValue().replaceAll("\r?\n[ \t]", " ");
            headers.putIfAbsent(name, InputText.clean(EncodedWords.decode(value).strip()));
        }
        return headers;
    }

    private static Map<String, String> rawHeaders(MimeMessage m) throws MessagingException {
        Map<String, String> headers = new LinkedHashMap<>();
        Enumeration<Header> all = m.getAllHeaders();
        while (all.hasMoreElements()) {
            Header h = all.nextElement();
            headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT),
                    h.getValue() == null ? "" : InputText.clean(h.getValue().replaceAll("\r?\n[ \t]", " ")));
        }
        return headers;
    }

    private static List<MailAddress> rawAddresses(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<MailAddress> out = new ArrayList<>();
        try {
            for (InternetAddress a : InternetAddress.parseHeader(raw, false)) {
                if (a.getAddress() != null && a.getAddress().contains("@")) {
                    String name = a.getPersonal();
                    name = name == null ? null : EncodedWords.rawBytesToText(name).replaceAll("[\\r\\n\\t]+", " ");
                    out.add(MailAddress.of(name, EncodedWords.rawBytesToText(a.getAddress())));
                }
            }
        } catch (AddressException e) {
            return addresses(EncodedWords.rawBytesToText(raw).replaceAll("[\\r\\n]+", " "));
        }
        return out;
    }

    private static Instant date(MimeMessage m) {
        try {
            var d = m.getSentDate();
            return d == null ? null : d.toInstant();
        } catch (MessagingException e) {
            return null;
        }
    }

    static String firstId(String value) {
        List<String> ids = ids(value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    static List<String> ids(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            ids.add(m.group());
        }
        return List.copyOf(ids);
    }

    static MailAddress firstAddress(List<MailAddress> all) {
        return all.isEmpty() ? null : all.get(0);
    }

    /** Addresses from a decoded header; tolerant of the broken forms real mail has. */
    static List<MailAddress> addresses(String decoded) {
        if (decoded == null || decoded.isBlank()) {
            return List.of();
        }
        List<MailAddress> out = new ArrayList<>();
        try {
            for (InternetAddress a : InternetAddress.parseHeader(decoded, false)) {
                if (a.getAddress() != null && a.getAddress().contains("@")) {
                    out.add(MailAddress.of(a.getPersonal(), a.getAddress()));
                }
            }
        } catch (AddressException e) {
            Matcher m = Pattern.compile("(?<![^\\s<>\"',;])([^\\s<>\"',;]++@[^\\s<>\"',;]++)").matcher(decoded);
            while (m.find()) {
                out.add(MailAddress.of(null, m.group(1)));
            }
        }
        return out;
    }
}
