package dev.shouli.channel.form;

import dev.shouli.channel.InputText;
import dev.shouli.domain.AttachmentDraft;
import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.ext.web.FileUpload;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence files of one multipart post. BodyHandler has streamed them to the uploads directory (and
 * deletes them when the response ends); here they are counted, size-checked and read without blocking.
 */
final class Uploads {

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

    static boolean withinLimits(List<FileUpload> uploads, int maxAttachments, long maxAttachmentBytes) {
        return uploads.size() <= maxAttachments && uploads.stream().allMatch(u -> u.size() <= maxAttachmentBytes);
    }

    static Future<List<AttachmentDraft>> read(FileSystem fs, List<FileUpload> uploads) {
        List<Future<AttachmentDraft>> reads = new ArrayList<>();
        for (FileUpload u : uploads) {
            reads.add(fs.readFile(u.uploadedFileName())
                    .map(bytes -> new AttachmentDraft(InputText.clean(baseName(u.fileName())),
                            InputText.clean(contentType(u)), bytes.getBytes())));
        }
        return Future.all(reads).map(all -> all.<AttachmentDraft>list());
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
