package dev.edgedeploy.sandbox.route53;

import java.util.ArrayDeque;
import java.util.Deque;

/** Writes the small REST-XML documents Route53 answers with; elements with a null value are left out. */
final class XmlWriter {

    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";

    private final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    XmlWriter(String rootElement) {
        xml.append('<').append(rootElement).append(" xmlns=\"").append(NAMESPACE).append("\">");
        open.push(rootElement);
    }

    XmlWriter start(String element) {
        xml.append('<').append(element).append('>');
        open.push(element);
        return this;
    }

    XmlWriter end() {
        xml.append("</").append(open.pop()).append('>');
        return this;
    }

    XmlWriter element(String element, Object value) {
        if (value != null) {
            xml.append('<').append(element).append('>');
            escape(String.valueOf(value));
            xml.append("</").append(element).append('>');
        }
        return this;
    }

    String finish() {
        while (!open.isEmpty()) {
            end();
        }
        return xml.toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> xml.append(c);
            }
        }
    }
}
