package dev.shouli.core.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Pages for people who reach an address no route serves: a browser asking for HTML gets a page in its language
 * with links onwards; API clients keep getting problem+json.
 */
public interface BrowserPages {

    /** Writes the page for the router's 404 (no such path) or 405 (no such method here). */
    void send(RoutingContext ctx, int status);

    /**
     * Whether the client prefers HTML: {@code text/html} named in Accept, weighted at least as high as any JSON
     * type it names. Browsers send {@code text/html,…,*}{@code /*;q=0.8}; curl sends {@code *}{@code /*}, which
     * names neither and gets JSON.
     */
    static boolean wantsHtml(String accept) {
        if (accept == null) {
            return false;
        }
        double html = -1;
        double json = -1;
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip();
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("text/html")) {
                html = Math.max(html, q);
            } else if (type.equals("application/json") || type.equals("application/problem+json")) {
                json = Math.max(json, q);
            }
        }
        return html > 0 && html >= json;
    }
}
