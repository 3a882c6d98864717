package dev.shouli.core.domain;

/** Evidence as it arrived: bytes are stored apart from the record and never served inline. */
public record AttachmentDraft(String name, String contentType, byte[] content) {

    public long size() {
        return content.length;
    }
}
