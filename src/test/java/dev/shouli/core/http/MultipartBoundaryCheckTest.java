package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The check against the decoder it protects: for Content-Type headers put together at random from the pieces that
 * matter (parameter names that start like "boundary", empty and quoted values, ';', spaces), whenever the check lets
 * a header through, Netty's multipart decoder — what Vert.x's body handler runs — takes it without throwing.
 */
class MultipartBoundaryCheckTest {

    private static final String[] NAMES = {"boundary", "BOUNDARY", "Boundary", "boundaryX", "boundary-x", "boundary ",
            "charset", "x", ""};
    private static final String[] VALUES = {"abc", "\"abc\"", "\"", "\"\"", "", " ", "\"abc", "abc\"", "a b", "--x--",
            "utf-8", "=", "\" abc \""};
    private static final String[] SPACES = {"", "", " ", "  ", "\t"};

    @Test
    void whateverTheCheckLetsThroughTheDecoderReads() {
        Random random = new Random(12);
        List<String> thrownThrough = new ArrayList<>();
        int passed = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder header = new StringBuilder("multipart/form-data");
            for (int n = random.nextInt(4); n >= 0; n--) {
                header.append(pick(random, SPACES)).append(';').append(pick(random, SPACES))
                        .append(pick(random, NAMES)).append(pick(random, SPACES));
                if (random.nextInt(5) > 0) {
                    header.append('=').append(pick(random, SPACES)).append(pick(random, VALUES));
                }
            }
            if (random.nextInt(4) == 0) {
                header.append(pick(random, SPACES)).append(';');
            }
            String contentType = header.toString();
            if (MultipartBoundaryCheck.boundary(contentType) == null || !MultipartBoundaryCheck.decoderReads(contentType)) {
                continue;
            }
            passed++;
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/form");
            request.headers().set("Content-Type", contentType);
            try {
                HttpPostRequestDecoder.isMultipart(request);
            } catch (RuntimeException e) {
                thrownThrough.add(contentType + " → " + e);
            }
        }

        assertThat(passed).as("headers the check let through").isGreaterThan(10_000);
        assertThat(thrownThrough).as("let through, but the decoder throws").isEmpty();
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
