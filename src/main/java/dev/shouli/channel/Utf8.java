package dev.shouli.channel;

import dev.shouli.core.http.HttpProblem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that says where the first bad byte is instead of inventing replacement text. The text is
 * exactly what was sent (signatures are checked over it); {@link InputText} makes it fit for storage afterwards.
 */
public final class Utf8 {

    private Utf8() {
    }

    public static String decode(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw HttpProblem.badRequest(what + " is not valid UTF-8: bad byte sequence at byte offset "
                    + in.position() + "; send UTF-8 text (declare another charset only where the endpoint allows it)");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }
}
