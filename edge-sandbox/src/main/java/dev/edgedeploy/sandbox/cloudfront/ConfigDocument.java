package dev.edgedeploy.sandbox.cloudfront;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Reads a {@code DistributionConfig} request body the way CloudFront's front door does: the document must be
 * well-formed and in the 2020-05-31 namespace, required members (service model {@code required} lists) present,
 * every {@code Quantity} equal to the number of {@code Items}; then the cross-references CloudFront checks
 * (each behavior's origin exists, a cache policy or legacy forwarded values, one association per event type).
 * Lambda@Edge function checks need Lambda and live in {@link EdgeFunctionCheck}.
 */
final class ConfigDocument {

    static final String NAMESPACE = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    private static final Set<String> VIEWER_PROTOCOL_POLICIES = Set.of("allow-all", "https-only",
            "redirect-to-https");
    /** AWS allows one association per event type, hence four per behavior. */
    private static final int MAX_ASSOCIATIONS_PER_BEHAVIOR = 4;

    private ConfigDocument() {
    }

    static DistributionConfig parse(byte[] body) {
        if (body.length == 0) {
            throw CloudFrontError.missingBody();
        }
        Element root = document(body);
        if (!"DistributionConfig".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw CloudFrontError.malformedXml("Unexpected element {" + root.getNamespaceURI() + "}"
                    + root.getLocalName() + ", expected {" + NAMESPACE + "}DistributionConfig");
        }
        Node config = new Node(root, "distributionConfig");
        List<String> violations = new ArrayList<>();
        config.require(violations, "CallerReference", "Origins", "DefaultCacheBehavior", "Comment", "Enabled");
        config.child("Origins").ifPresent(origins -> {
            origins.require(violations, "Quantity", "Items");
            origins.items("Origin").forEach(origin -> origin.require(violations, "Id", "DomainName"));
        });
        config.child("DefaultCacheBehavior").ifPresent(behavior -> requireBehavior(behavior, violations, false));
        config.child("CacheBehaviors").ifPresent(behaviors -> {
            behaviors.require(violations, "Quantity");
            behaviors.items("CacheBehavior").forEach(behavior -> requireBehavior(behavior, violations, true));
        });
        config.child("Aliases").ifPresent(aliases -> aliases.require(violations, "Quantity"));
        if (!violations.isEmpty()) {
            throw CloudFrontError.validation(violations);
        }
        checkQuantities(root);

        List<Origin> origins = config.child("Origins").orElseThrow().items("Origin").stream()
                .map(ConfigDocument::origin).toList();
        Set<String> originIds = new HashSet<>();
        for (Origin origin : origins) {
            if (!originIds.add(origin.id())) {
                throw CloudFrontError.invalidArgument("The parameter Origin Id must be unique. Duplicate: "
                        + origin.id());
            }
        }
        if (origins.isEmpty()) {
            // Service model: OriginList has "min": 1.
            throw CloudFrontError.validation(List.of("Value '[]' at 'distributionConfig.origins.items' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1"));
        }
        CacheBehavior defaultBehavior = behavior(config.child("DefaultCacheBehavior").orElseThrow(),
                CacheBehavior.DEFAULT_PATH_PATTERN, originIds);
        List<CacheBehavior> behaviors = new ArrayList<>();
        Set<String> patterns = new HashSet<>();
        for (Node each : config.child("CacheBehaviors").map(node -> node.items("CacheBehavior")).orElse(List.of())) {
            CacheBehavior behavior = behavior(each, each.text("PathPattern"), originIds);
            if (!patterns.add(behavior.pathPattern())) {
                throw CloudFrontError.invalidArgument("The parameter PathPattern must be unique among cache "
                        + "behaviors. Duplicate: " + behavior.pathPattern());
            }
            behaviors.add(behavior);
        }
        return new DistributionConfig(config.text("CallerReference"), config.text("Comment"),
                bool(config, "Enabled"), origins, defaultBehavior, behaviors, canonical(root));
    }

    /** A configuration this sandbox accepted earlier, from its canonical {@link DistributionConfig#xml()}. */
    static DistributionConfig restore(String canonicalXml) {
        if (!canonicalXml.startsWith("<DistributionConfig>")) {
            throw new IllegalArgumentException("not a canonical DistributionConfig element");
        }
        String declared = "<DistributionConfig xmlns=\"" + NAMESPACE + "\">"
                + canonicalXml.substring("<DistributionConfig>".length());
        return parse(declared.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void requireBehavior(Node behavior, List<String> violations, boolean pathPattern) {
        if (pathPattern) {
            behavior.require(violations, "PathPattern");
        }
        behavior.require(violations, "TargetOriginId", "ViewerProtocolPolicy");
        behavior.child("LambdaFunctionAssociations").ifPresent(associations -> {
            associations.require(violations, "Quantity");
            associations.items("LambdaFunctionAssociation")
                    .forEach(association -> association.require(violations, "LambdaFunctionARN", "EventType"));
        });
        behavior.child("ForwardedValues").ifPresent(forwarded -> {
            forwarded.require(violations, "QueryString", "Cookies");
            forwarded.child("Cookies").ifPresent(cookies -> cookies.require(violations, "Forward"));
        });
        behavior.child("AllowedMethods").ifPresent(methods -> {
            methods.require(violations, "Quantity", "Items");
            methods.child("CachedMethods").ifPresent(cached -> cached.require(violations, "Quantity", "Items"));
        });
    }

    private static Origin origin(Node node) {
        String path = Optional.ofNullable(node.text("OriginPath")).orElse("");
        return new Origin(node.text("Id"), node.text("DomainName"), path, node.child("S3OriginConfig").isPresent());
    }

    private static CacheBehavior behavior(Node node, String pathPattern, Set<String> originIds) {
        String target = node.text("TargetOriginId");
        if (!originIds.contains(target)) {
            throw CloudFrontError.noSuchOrigin("One or more of your origins or origin groups do not exist. "
                    + "TargetOriginId: " + target);
        }
        String policy = node.text("ViewerProtocolPolicy");
        if (!VIEWER_PROTOCOL_POLICIES.contains(policy)) {
            throw CloudFrontError.invalidArgument("The parameter ViewerProtocolPolicy has an invalid value: " + policy);
        }
        String cachePolicyId = node.text("CachePolicyId");
        boolean forwardedValues = node.child("ForwardedValues").isPresent();
        if (cachePolicyId == null && !forwardedValues) {
            throw CloudFrontError.invalidArgument("The parameter ForwardedValues is required.");
        }
        if (cachePolicyId != null && forwardedValues) {
            throw CloudFrontError.invalidArgument("The parameter ForwardedValues cannot be used when a cache policy "
                    + "is associated to the cache behavior.");
        }
        if (cachePolicyId != null && ManagedCachePolicy.byId(cachePolicyId).isEmpty()) {
            throw CloudFrontError.noSuchCachePolicy();
        }
        Long minTtl = whole(node, "MinTTL");
        Long defaultTtl = whole(node, "DefaultTTL");
        Long maxTtl = whole(node, "MaxTTL");
        if (outOfOrder(minTtl, defaultTtl) || outOfOrder(defaultTtl, maxTtl) || outOfOrder(minTtl, maxTtl)) {
            throw CloudFrontError.invalidTtlOrder();
        }
        List<LambdaAssociation> associations = associations(node);
        List<String> allowed = node.child("AllowedMethods").map(methods -> methods.texts("Method"))
                .orElse(CacheBehavior.GET_HEAD);
        List<String> cached = node.child("AllowedMethods").flatMap(methods -> methods.child("CachedMethods"))
                .map(methods -> methods.texts("Method")).orElse(CacheBehavior.GET_HEAD);
        if (CacheBehavior.ALLOWED_METHOD_SETS.stream().noneMatch(set -> sameSet(set, allowed))) {
            throw CloudFrontError.invalidArgument("The parameter AllowedMethods is invalid: " + allowed + ". Allowed"
                    + " are GET, HEAD; GET, HEAD, OPTIONS; or GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE.");
        }
        if (CacheBehavior.ALLOWED_METHOD_SETS.subList(0, 2).stream().noneMatch(set -> sameSet(set, cached))
                || !allowed.containsAll(cached)) {
            throw CloudFrontError.invalidArgument("The parameter CachedMethods is invalid: " + cached + ". Allowed"
                    + " are GET, HEAD or GET, HEAD, OPTIONS, among the allowed methods.");
        }
        String responseHeadersPolicyId = node.text("ResponseHeadersPolicyId");
        if (responseHeadersPolicyId != null && responseHeadersPolicyId.isEmpty()) {
            responseHeadersPolicyId = null;
        }
        if (responseHeadersPolicyId != null && ManagedResponseHeadersPolicy.byId(responseHeadersPolicyId).isEmpty()) {
            throw CloudFrontError.noSuchResponseHeadersPolicy();
        }
        return new CacheBehavior(pathPattern, target, policy, cachePolicyId, minTtl, defaultTtl, maxTtl,
                Boolean.TRUE.equals(optionalBool(node, "Compress")), associations, allowed, cached,
                responseHeadersPolicyId);
    }

    private static boolean sameSet(List<String> a, List<String> b) {
        return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static boolean outOfOrder(Long lower, Long upper) {
        return lower != null && upper != null && lower > upper;
    }

    private static List<LambdaAssociation> associations(Node behavior) {
        List<Node> items = behavior.child("LambdaFunctionAssociations").map(node -> node.items(
                "LambdaFunctionAssociation")).orElse(List.of());
        if (items.size() > MAX_ASSOCIATIONS_PER_BEHAVIOR) {
            throw CloudFrontError.tooManyLambdaFunctionAssociations();
        }
        List<LambdaAssociation> associations = new ArrayList<>();
        Set<EventType> seen = new HashSet<>();
        for (Node item : items) {
            String arn = item.text("LambdaFunctionARN");
            String eventTypeName = item.text("EventType");
            EventType eventType = EventType.fromWireName(eventTypeName).orElseThrow(() -> CloudFrontError
                    .invalidArgument("The parameter EventType has an invalid value: " + eventTypeName));
            if (!seen.add(eventType)) {
                throw CloudFrontError.invalidLambdaFunctionAssociation("More than one function is associated with "
                        + "event type " + eventType.wireName() + " in a single cache behavior. Only one function "
                        + "can be associated with each event type.");
            }
            boolean includeBody = Boolean.TRUE.equals(optionalBool(item, "IncludeBody"));
            if (includeBody && !eventType.isRequestEvent()) {
                throw CloudFrontError.invalidLambdaFunctionAssociation("IncludeBody is only supported for "
                        + "viewer-request and origin-request events. Event type: " + eventType.wireName()
                        + " Function: " + arn);
            }
            associations.add(new LambdaAssociation(arn, eventType, includeBody));
        }
        return associations;
    }

    /** Every list wrapper in the document carries its size; CloudFront refuses a disagreement anywhere. */
    private static void checkQuantities(Element element) {
        Element quantity = null;
        Element items = null;
        for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                if ("Quantity".equals(child.getLocalName())) {
                    quantity = child;
                } else if ("Items".equals(child.getLocalName())) {
                    items = child;
                }
                checkQuantities(child);
            }
        }
        if (quantity == null) {
            return;
        }
        int declared;
        try {
            declared = Integer.parseInt(quantity.getTextContent().trim());
        } catch (NumberFormatException e) {
            throw CloudFrontError.malformedXml("Value '" + quantity.getTextContent() + "' of Quantity in "
                    + element.getLocalName() + " is not a valid integer.");
        }
        int actual = 0;
        if (items != null) {
            for (org.w3c.dom.Node node = items.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element) {
                    actual++;
                }
            }
        }
        if (declared != actual) {
            throw CloudFrontError.inconsistentQuantities();
        }
    }

    private static boolean bool(Node node, String name) {
        return Boolean.TRUE.equals(optionalBool(node, name));
    }

    private static Boolean optionalBool(Node node, String name) {
        String text = node.text(name);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw CloudFrontError.malformedXml("Value '" + text + "' at '" + node.path(name)
                    + "' is not a valid boolean.");
        };
    }

    private static Long whole(Node node, String name) {
        String text = node.text(name);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw CloudFrontError.malformedXml("Value '" + text + "' at '" + node.path(name)
                    + "' is not a valid long.");
        }
    }

    private static Element document(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw CloudFrontError.malformedXml("The XML you provided was not well-formed.");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refuses a standard feature", e);
        }
    }

    /** The element as the client sent it, by local names, dropping whitespace between elements. */
    static String canonical(Element element) {
        StringBuilder xml = new StringBuilder();
        write(element, xml);
        return xml.toString();
    }

    private static void write(Element element, StringBuilder xml) {
        String name = element.getLocalName();
        xml.append('<').append(name).append('>');
        boolean hasElements = false;
        for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element) {
                hasElements = true;
                break;
            }
        }
        for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                write(child, xml);
            } else if (!hasElements && (node.getNodeType() == org.w3c.dom.Node.TEXT_NODE
                    || node.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE)) {
                escape(node.getNodeValue(), xml);
            }
        }
        xml.append("</").append(name).append('>');
    }

    static void escape(String text, StringBuilder xml) {
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

    /** An element with the member path AWS names in validation messages ({@code distributionConfig.origins…}). */
    private record Node(Element element, String path) {

        Optional<Node> child(String name) {
            for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element each && name.equals(each.getLocalName())) {
                    return Optional.of(new Node(each, path(name)));
                }
            }
            return Optional.empty();
        }

        /** The members of the {@code Items} list, paths {@code ….items.1.member} as AWS numbers them. */
        List<Node> items(String memberName) {
            List<Node> found = new ArrayList<>();
            child("Items").ifPresent(items -> {
                for (org.w3c.dom.Node node = items.element.getFirstChild(); node != null;
                        node = node.getNextSibling()) {
                    if (node instanceof Element each && memberName.equals(each.getLocalName())) {
                        found.add(new Node(each, items.path + "." + (found.size() + 1) + ".member"));
                    }
                }
            });
            return found;
        }

        String text(String name) {
            return child(name).map(node -> node.element.getTextContent()).orElse(null);
        }

        /** The texts of the {@code Items} list's members named {@code memberName}. */
        List<String> texts(String memberName) {
            return items(memberName).stream().map(node -> node.element.getTextContent().trim()).toList();
        }

        String path(String name) {
            return path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }

        void require(List<String> violations, String... names) {
            for (String name : names) {
                if (child(name).isEmpty()) {
                    violations.add("Value null at '" + path(name)
                            + "' failed to satisfy constraint: Member must not be null");
                }
            }
        }
    }
}
