package dev.shouli.channel.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header text: RFC 2047 encoded-words and raw 8-bit bytes. Mailers split a long subject into several
 * encoded-words and often cut a multi-byte character in two, so adjacent words of one charset are joined
 * as bytes before decoding — decoding word by word, as most libraries do, garbles that character.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?*]+)(?:\\*[^?]*)?\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern SPACE = Pattern.compile("[ \\t\\r\\n]*");

    private EncodedWords() {
    }

    /**
     * Decodes a header value as jakarta.mail hands it over (unfolded, each raw byte as one char 0–255).
     */
    static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        String text = rawBytesToText(raw);
        if (!text.contains("=?")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = WORD.matcher(text);
        int position = 0;
        String runCharset = null;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        while (m.find()) {
            String between = text.substring(position, m.start());
            boolean adjacent = runCharset != null && SPACE.matcher(between).matches();
            String charset = m.group(1).toLowerCase(Locale.ROOT);
            if (!adjacent || !charset.equals(runCharset)) {
                flush(out, run, runCharset);
                // Whitespace between two encoded-words is not part of the text (RFC 2047 §6.2).
                if (!adjacent) {
                    out.append(between);
                }
                runCharset = charset;
            }
            run.writeBytes(wordBytes(m.group(2), m.group(3)));
            position = m.end();
        }
        flush(out, run, runCharset);
        out.append(text.substring(position));
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream run, String charset) {
        if (run.size() > 0) {
            out.append(MailCharsets.decode(run.toByteArray(), charset));
            run.reset();
        }
    }

    private static byte[] wordBytes(String encoding, String payload) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getMimeDecoder().decode(payload);
            } catch (IllegalArgumentException e) {
                return payload.getBytes(StandardCharsets.US_ASCII);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < payload.length()
                    && isHex(payload.charAt(i + 1)) && isHex(payload.charAt(i + 2))) {
                bytes.write(Integer.parseInt(payload.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** A header whose chars are raw bytes (all ≤ 0xFF) gets its 8-bit bytes decoded as detected text. */
    static String rawBytesToText(String raw) {
        boolean eightBit = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xFF) {
                return raw; // already decoded text
            }
            eightBit |= c >= 0x80;
        }
        return eightBit ? MailCharsets.decode(raw.getBytes(StandardCharsets.ISO_8859_1), null) : raw;
    }
}
