package dev.edgedeploy.sandbox.route53;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** One element of a request body, namespace-checked, with the few navigation steps the handlers need. */
final class XmlRequest {

    private final Element element;

    private XmlRequest(Element element) {
        this.element = element;
    }

    /**
     * Parses a body whose root must be {@code rootElement} in Route53's 2013-04-01 namespace; anything else is
     * refused as Route53 refuses it, with MalformedInput / InvalidInput.
     */
    static XmlRequest parse(byte[] body, String rootElement) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            root = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw Route53Error.malformedInput("Unexpected EOF or malformed XML in the request body");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refuses a standard feature", e);
        }
        if (!rootElement.equals(root.getLocalName())) {
            throw Route53Error.malformedInput(root.getLocalName() + " is not valid, expected " + rootElement);
        }
        if (!XmlWriter.NAMESPACE.equals(root.getNamespaceURI())) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-elt.1: Cannot find the declaration of element '"
                    + rootElement + "'.");
        }
        return new XmlRequest(root);
    }

    Optional<XmlRequest> child(String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element each && name.equals(each.getLocalName())) {
                return Optional.of(new XmlRequest(each));
            }
        }
        return Optional.empty();
    }

    List<XmlRequest> children(String name) {
        List<XmlRequest> found = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element each && name.equals(each.getLocalName())) {
                found.add(new XmlRequest(each));
            }
        }
        return found;
    }

    /** The text of a child element, or null when it is absent. */
    String text(String name) {
        return child(name).map(XmlRequest::text).orElse(null);
    }

    String text() {
        return element.getTextContent();
    }

    Integer integer(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-datatype-valid.1.2.1: '" + text
                    + "' is not a valid value for 'integer'.");
        }
    }

    Long whole(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-datatype-valid.1.2.1: '" + text
                    + "' is not a valid value for 'long'.");
        }
    }

    Boolean bool(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        return switch (text.trim()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw Route53Error.invalidInput("Invalid XML ; cvc-datatype-valid.1.2.1: '" + text
                    + "' is not a valid value for 'boolean'.");
        };
    }
}
