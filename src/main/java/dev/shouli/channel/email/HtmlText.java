package dev.shouli.channel.email;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML mail to the plain text a desk agent reads, with a real HTML parser (jsoup): scripts, styles and
 * hidden preheaders dropped, block elements and {@code <br>} as line breaks, quoted text
 * ({@code <blockquote>}) marked with "> " so the quoted-history rules treat it like quoted plain text.
 */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "ul", "ol", "blockquote", "pre", "hr", "section", "article", "header", "footer");

    private HtmlText() {
    }

    static String toText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title, noscript, template, [style*=display:none], [hidden]").remove();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            private int quoteDepth;

            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    String text = t.text().replace('\u00A0', ' ');
                    if (!text.isBlank() || (out.length() > 0 && out.charAt(out.length() - 1) != '\n')) {
                        if (atLineStart(out)) {
                            out.append("> ".repeat(quoteDepth));
                            text = text.stripLeading();
                        }
                        out.append(text);
                    }
                } else if (node instanceof Element e) {
                    if (BLOCKS.contains(e.normalName())) {
                        newline(out);
                    }
                    if (e.normalName().equals("blockquote")) {
                        quoteDepth++;
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    if (e.normalName().equals("blockquote")) {
                        quoteDepth--;
                    }
                    if (BLOCKS.contains(e.normalName()) && !e.normalName().equals("br")) {
                        newline(out);
                    }
                }
            }
        }, doc.body() == null ? doc : doc.body());
        // (?<![ \t]): a line's trailing blanks are matched from where they start. Tried from each of them, a long
        // run of spaces without a line end would be quadratic.
        return out.toString().replaceAll("(?<![ \\t])[ \\t]++\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static boolean atLineStart(StringBuilder out) {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
