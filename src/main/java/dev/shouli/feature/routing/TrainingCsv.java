package dev.shouli.feature.routing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Labelled examples from a CSV file (RFC 4180): UTF-8 with or without a byte-order mark, a header row naming the
 * columns {@code title} (optional, may be empty), {@code text} and {@code category} in any order, other columns
 * ignored, quoted fields may hold commas, quotes (doubled) and line breaks. Anything wrong is reported with the
 * line (of the file, counting from 1 at the header) and the column it was found in, so a person can fix it.
 */
final class TrainingCsv {

    /** A problem at a place in the file. */
    static final class Invalid extends RuntimeException {

        private final int line;
        private final String column;

        Invalid(int line, String column, String message) {
            super("line " + line + (column == null ? "" : ", column " + column) + ": " + message, null, false, false);
            this.line = line;
            this.column = column;
        }

        int line() {
            return line;
        }

        String column() {
            return column;
        }
    }

    /** A record and the line it starts on. */
    private record Row(int line, List<String> fields) {
    }

    private TrainingCsv() {
    }

    /**
     * @param category the category code a label stands for (it may be a code or a name), empty if unknown
     * @param known    what to say about the known categories when one is not
     */
    static List<ClassifierTraining.Example> parse(byte[] body, Function<String, Optional<String>> category,
                                                  String known) {
        String text = decode(body);
        List<Row> rows = new Reader(text).rows();
        if (rows.isEmpty()) {
            throw new Invalid(1, null, "the file is empty; the first line must name the columns title,text,category");
        }
        List<String> header = rows.get(0).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int titleAt = header.indexOf("title");
        int textAt = header.indexOf("text");
        int categoryAt = header.indexOf("category");
        for (String needed : List.of("text", "category")) {
            if (!header.contains(needed)) {
                throw new Invalid(1, needed, "the header has no column '" + needed + "'; it names " + header);
            }
        }
        List<ClassifierTraining.Example> out = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            List<String> f = row.fields();
            if (f.size() == 1 && f.get(0).isBlank()) {
                continue;
            }
            int needed = Math.max(textAt, Math.max(categoryAt, titleAt)) + 1;
            if (f.size() < needed) {
                throw new Invalid(row.line(), header.get(f.size()), "the record has " + f.size()
                        + " field(s), so column '" + header.get(f.size()) + "' is missing");
            }
            String title = titleAt < 0 ? "" : f.get(titleAt).strip();
            String words = f.get(textAt).strip();
            if (words.isEmpty() && title.isEmpty()) {
                throw new Invalid(row.line(), "text", "is empty (and so is the title)");
            }
            String label = f.get(categoryAt).strip();
            if (label.isEmpty()) {
                throw new Invalid(row.line(), "category", "is empty");
            }
            String code = category.apply(label).orElseThrow(() -> new Invalid(row.line(), "category",
                    "'" + label + "' is not a category: " + known));
            out.add(new ClassifierTraining.Example(title, words, code));
        }
        if (out.isEmpty()) {
            throw new Invalid(2, null, "the file has a header but no examples");
        }
        return out;
    }

    /** UTF-8, strictly: a byte that is not is reported where it is. */
    private static String decode(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = new String(body, 0, in.position(), StandardCharsets.UTF_8);
            Reader reader = new Reader(stripBom(before));
            reader.rows(false);
            throw new Invalid(reader.line(), reader.column(), "is not UTF-8 (byte " + (in.position() + 1)
                    + " of the file); save the file as UTF-8");
        }
        decoder.flush(out);
        return stripBom(out.flip().toString()).replace("\u0000", "");
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** The RFC 4180 state machine, counting lines as it goes. */
    private static final class Reader {

        private final String s;
        private final List<Row> rows = new ArrayList<>();
        private List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private int line = 1;
        private int recordLine = 1;

        Reader(String s) {
            this.s = s;
        }

        int line() {
            return line;
        }

        /** The column the reader is in: its header name once the header was read, else its number. */
        String column() {
            int at = fields.size();
            if (!rows.isEmpty() && at < rows.get(0).fields().size()) {
                return rows.get(0).fields().get(at).strip();
            }
            return "field " + (at + 1);
        }

        List<Row> rows() {
            return rows(true);
        }

        /** @param whole false for a prefix of the file, which may stop inside a quoted field */
        List<Row> rows(boolean whole) {
            boolean quoted = false;
            boolean afterQuote = false;
            int quoteLine = 0;
            String quoteColumn = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                        afterQuote = true;
                    } else {
                        line += c == '\n' ? 1 : 0;
                        field.append(c);
                    }
                    continue;
                }
                if (c == '"') {
                    if (field.length() > 0 || afterQuote) {
                        throw new Invalid(line, column(), "a quote inside a field that does not start with one; "
                                + "quote the whole field and double the quotes in it");
                    }
                    quoted = true;
                    quoteLine = line;
                    quoteColumn = column();
                } else if (c == ',') {
                    endField();
                    afterQuote = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    endField();
                    afterQuote = false;
                    rows.add(new Row(recordLine, fields));
                    fields = new ArrayList<>();
                    line++;
                    recordLine = line;
                } else if (afterQuote) {
                    throw new Invalid(line, column(), "text after a closing quote; a quoted field ends at its "
                            + "closing quote");
                } else {
                    field.append(c);
                }
            }
            if (quoted && whole) {
                throw new Invalid(quoteLine, quoteColumn, "a quoted field opened here is never closed");
            }
            if (whole && (field.length() > 0 || !fields.isEmpty() || afterQuote)) {
                endField();
                rows.add(new Row(recordLine, fields));
            }
            return rows;
        }

        private void endField() {
            fields.add(field.toString());
            field.setLength(0);
        }
    }
}
