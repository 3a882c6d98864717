package dev.shouli.channel.form;

import dev.shouli.channel.InputText;
import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.core.domain.AttachmentDraft;
import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.ext.web.FileUpload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence files of one multipart post. BodyHandler has streamed them to the uploads directory (and
 * deletes them when the response ends); here they are screened against the limits one by one — so a person who
 * chose one photo too many loses only that one — read without blocking, and checked to be images or PDF.
 */
final class Uploads {

    /** What the limits let through, and a problem per file they did not (keyed attachments, attachments.1, …). */
    record Screened(List<FileUpload> accepted, Map<String, Problem> problems) {
    }

    /** The files read and recognised, and a problem per file that is not an image or PDF. */
    record Read(List<AttachmentDraft> files, Map<String, Problem> problems) {
    }

    private Uploads() {
    }

    /**
     * The uploads of the attachments field. A file input left empty still sends a part with no file name and
     * no bytes; that is not an attachment.
     */
    static List<FileUpload> chosen(List<FileUpload> all) {
        List<FileUpload> chosen = new ArrayList<>();
        for (FileUpload u : all) {
            boolean empty = (u.fileName() == null || u.fileName().isBlank()) && u.size() == 0;
            if (FormInput.ATTACHMENTS.equals(u.name()) && !empty) {
                chosen.add(u);
            }
        }
        return chosen;
    }

    /**
     * Takes the uploads in the order chosen while they fit beside the files already kept: at most
     * {@code maxAttachments} in all, each at most {@code maxAttachmentBytes}, together at most {@code maxTotal}.
     */
    static Screened screen(List<FileUpload> uploads, List<AttachmentDraft> kept, int maxAttachments,
                           long maxAttachmentBytes, long maxTotal) {
        List<FileUpload> accepted = new ArrayList<>();
        Map<String, Problem> problems = new LinkedHashMap<>();
        int count = kept.size();
        long total = kept.stream().mapToLong(AttachmentDraft::size).sum();
        for (FileUpload u : uploads) {
            String name = baseName(u.fileName());
            if (u.size() > maxAttachmentBytes) {
                add(problems, new Problem("error.attachmentTooLarge", name, ResultPages.size(maxAttachmentBytes)));
            } else if (count >= maxAttachments) {
                add(problems, new Problem("error.attachmentTooMany", maxAttachments, name));
            } else if (total + u.size() > maxTotal) {
                add(problems, new Problem("error.attachmentTotal", ResultPages.size(maxTotal), name));
            } else {
                accepted.add(u);
                count++;
                total += u.size();
            }
        }
        return new Screened(accepted, problems);
    }

    /** Reads the accepted uploads; each is kept under the type its bytes show, or refused when not ours. */
    static Future<Read> read(FileSystem fs, List<FileUpload> uploads) {
        List<Future<AttachmentDraft>> reads = new ArrayList<>();
        for (FileUpload u : uploads) {
            reads.add(fs.readFile(u.uploadedFileName())
                    .map(bytes -> new AttachmentDraft(InputText.clean(baseName(u.fileName())),
                            InputText.clean(contentType(u)), bytes.getBytes())));
        }
        return Future.all(reads).map(all -> {
            List<AttachmentDraft> files = new ArrayList<>();
            Map<String, Problem> problems = new LinkedHashMap<>();
            for (AttachmentDraft a : all.<AttachmentDraft>list()) {
                Optional<String> type = FileTypes.sniff(a.content());
                if (type.isPresent()) {
                    files.add(new AttachmentDraft(a.name(), type.get(), a.content()));
                } else {
                    add(problems, new Problem("error.attachmentType", a.name()));
                }
            }
            return new Read(files, problems);
        });
    }

    /** Files an attachments field problem under the next free key. */
    static void add(Map<String, Problem> problems, Problem problem) {
        String key = FormInput.ATTACHMENTS;
        for (int i = 1; problems.containsKey(key); i++) {
            key = FormInput.ATTACHMENTS + "." + i;
        }
        problems.put(key, problem);
    }

    /** Some browsers send the whole client path ("C:\\fakepath\\收据.jpg"); only the name is the user's. */
    static String baseName(String fileName) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return name.isEmpty() ? "attachment" : name;
    }

    private static String contentType(FileUpload u) {
        String type = u.contentType();
        return type == null || type.isBlank() ? "application/octet-stream" : type;
    }
}
