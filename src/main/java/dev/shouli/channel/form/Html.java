package dev.shouli.channel.form;

import dev.shouli.core.http.HtmlText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A small HTML writer: every value goes through {@link #text} or {@link #attr}, so nothing a complainant
 * typed can become markup. The page shell carries the one stylesheet, allowed by its hash in the CSP.
 */
final class Html {

    static final String CSS = """
            body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;\
            max-width:44rem;margin:0 auto;padding:1rem;line-height:1.6;color:#1b1b1b;background:#fafafa}
            h1{font-size:1.6rem;margin:.5rem 0}nav{text-align:right;font-size:.9rem}nav a{margin-left:.75rem}
            fieldset{border:1px solid #c8c8c8;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem;background:#fff}
            legend{font-weight:600;padding:0 .3rem}label{display:block;margin-top:.75rem;font-weight:500}
            input[type=text],input[type=tel],input[type=email],input[type=datetime-local],input[type=date],\
            select,textarea{width:100%;box-sizing:border-box;padding:.45rem;font:inherit;border:1px solid #888;\
            border-radius:4px}textarea{min-height:9rem}
            .choice{display:inline-flex;align-items:center;margin:.1rem 1rem .1rem 0;font-weight:400}
            .choice label{display:inline-block;margin:0;padding:.6rem .4rem;font-weight:400}
            input[type=checkbox]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b5394}
            .kept{background:#f4f8fc}
            .hint{color:#555;font-size:.9rem;margin:.2rem 0}
            .error{color:#b00020;font-weight:600;margin:.2rem 0}
            [aria-invalid=true]{border:2px solid #b00020}
            .summary{border:2px solid #b00020;background:#fff4f4;padding:.5rem 1rem;border-radius:6px}
            .summary h2{font-size:1.15rem;margin:.3rem 0}.summary:focus{outline:3px solid #1b1b1b;outline-offset:2px}
            .privacy h2{font-size:1rem;margin:1rem 0 .2rem}.privacy p{color:#333;font-size:.9rem;margin:0}
            dl.case{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:#fff;\
            border:1px solid #c8c8c8;border-radius:6px;padding:.75rem 1rem}dl.case dt{font-weight:600}dl.case dd{margin:0}
            ol.notes{padding-left:1.2rem}ol.notes time{color:#444;font-size:.9rem;display:block}
            .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
            button{margin-top:1rem;font:inherit;font-size:1.1rem;padding:.6rem 2rem;background:#0b5394;color:#fff;\
            border:0;border-radius:4px;cursor:pointer}
            .reference{font-size:clamp(1.2rem,6vw,2.4rem);font-weight:700;letter-spacing:.05em;\
            font-family:ui-monospace,monospace;white-space:nowrap;background:#fff;border:2px solid #0b5394;\
            border-radius:6px;padding:.5rem .75rem;display:inline-block;max-width:100%;box-sizing:border-box}
            .req{color:#b00020}
            """;

    /** CSP source for the stylesheet above: no inline style other than exactly this one is allowed. */
    static final String CSS_HASH = "'sha256-" + sha256Base64(CSS) + "'";

    private Html() {
    }

    /** Text content, escaped as on every page ({@link HtmlText#escape}). */
    static String text(String s) {
        return HtmlText.escape(s);
    }

    /** Attribute values are always double-quoted, so the same escaping is enough. */
    static String attr(String s) {
        return text(s);
    }

    /** The page shell: language, charset, viewport, the stylesheet and the language switcher. */
    static String page(FormLanguage language, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + language.tag() + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + text(title) + "</title>\n<style>" + CSS + "</style>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }

    private static String sha256Base64(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
