package dev.edgedeploy.sandbox.cloudwatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Builds CloudWatch's AWS Query XML responses (namespace {@code http://monitoring.amazonaws.com/doc/2010-08-01/}). */
final class XmlResponse {

    static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    XmlResponse open(String element) {
        xml.append('<').append(element).append('>');
        return this;
    }

    XmlResponse openRoot(String element) {
        xml.append('<').append(element).append(" xmlns=\"").append(NAMESPACE).append("\">");
        return this;
    }

    XmlResponse close(String element) {
        xml.append("</").append(element).append('>');
        return this;
    }

    /** Writes {@code <element>text</element>}, nothing when the value is null. */
    XmlResponse element(String element, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant instant ? instant.truncatedTo(ChronoUnit.MILLIS).toString()
                : value.toString();
        xml.append('<').append(element).append('>').append(escape(text)).append("</").append(element).append('>');
        return this;
    }

    XmlResponse members(String element, List<String> values) {
        open(element);
        values.forEach(value -> element("member", value));
        return close(element);
    }

    XmlResponse responseMetadata(String requestId) {
        return open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
    }

    @Override
    public String toString() {
        return xml.toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
