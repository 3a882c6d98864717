package dev.shouli.channel.form;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The evidence the form takes: images and PDF, recognised by their first bytes rather than by the name or the
 * type a browser declares (both are guesses from the file name). The file picker offers the same list
 * ({@link #ACCEPT}), so what a person can choose is what the server keeps.
 */
final class FileTypes {

    /** The picker's accept attribute: the same types, by media type and by the extensions phones use. */
    static final String ACCEPT = "image/jpeg,image/png,image/gif,image/webp,image/heic,image/heif,image/avif,"
            + "image/bmp,image/tiff,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.avif,.bmp,.tif,.tiff,.pdf";

    private FileTypes() {
    }

    /** The media type of an accepted file, or empty when it is not an image or PDF we take. */
    static Optional<String> sniff(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Optional.of("image/gif");
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (ascii(b, 0, "%PDF-")) {
            return Optional.of("application/pdf");
        }
        if (ascii(b, 0, "BM") && b.length > 14) {
            return Optional.of("image/bmp");
        }
        if (starts(b, 'I', 'I', 0x2A, 0x00) || starts(b, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of("image/tiff");
        }
        // ISO base media files (HEIC from iPhones, AVIF): "ftyp" at offset 4, then the major brand.
        if (ascii(b, 4, "ftyp") && b.length >= 12) {
            String brand = new String(Arrays.copyOfRange(b, 8, 12), StandardCharsets.US_ASCII);
            return switch (brand) {
                case "heic", "heix", "hevc", "heim", "heis" -> Optional.of("image/heic");
                case "mif1", "msf1" -> Optional.of("image/heif");
                case "avif", "avis" -> Optional.of("image/avif");
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        if (b.length < offset + t.length) {
            return false;
        }
        return Arrays.equals(b, offset, offset + t.length, t, 0, t.length);
    }
}
