package dev.edgedeploy.sandbox.route53;

import java.util.List;
import java.util.Set;

/**
 * A health check's settings as Route53 keeps them, with its defaults filled in (port 80/443, request interval 30,
 * failure threshold 3, SNI on for HTTPS), so two CreateHealthCheck requests with the same CallerReference can be
 * compared the way Route53 compares them. Null means "not set".
 */
record HealthCheckConfig(String ipAddress, Integer port, String type, String resourcePath,
        String fullyQualifiedDomainName, String searchString, Integer requestInterval, Integer failureThreshold,
        Boolean measureLatency, Boolean inverted, Boolean disabled, Integer healthThreshold,
        List<String> childHealthChecks, Boolean enableSni, List<String> regions, String alarmRegion, String alarmName,
        String insufficientDataHealthStatus, String routingControlArn) {

    static final List<String> TYPES = List.of("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP",
            "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL");

    /** The regions Route53 health checkers run in ({@code HealthCheckRegion}). */
    static final List<String> CHECKER_REGIONS = List.of("us-east-1", "us-west-1", "us-west-2", "eu-west-1",
            "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1");

    private static final Set<String> ENDPOINT_TYPES = Set.of("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH",
            "TCP");

    HealthCheckConfig {
        childHealthChecks = childHealthChecks == null ? null : List.copyOf(childHealthChecks);
        regions = regions == null ? null : List.copyOf(regions);
    }

    boolean monitorsAnEndpoint() {
        return ENDPOINT_TYPES.contains(type);
    }

    /**
     * Checks the settings as Route53 does and fills in its defaults. Throws {@link Route53Error} InvalidInput.
     */
    HealthCheckConfig validated() {
        if (type == null) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-complex-type.2.4.b: The content of element "
                    + "'HealthCheckConfig' is not complete. One of '{Type}' is expected.");
        }
        if (!TYPES.contains(type)) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-enumeration-valid: Value '" + type
                    + "' is not facet-valid with respect to enumeration '" + TYPES + "'. It must be a value from the "
                    + "enumeration.");
        }
        if (!monitorsAnEndpoint()) {
            requireAbsent("IPAddress", ipAddress);
            requireAbsent("Port", port);
            requireAbsent("ResourcePath", resourcePath);
            requireAbsent("FullyQualifiedDomainName", fullyQualifiedDomainName);
            requireAbsent("SearchString", searchString);
            requireAbsent("RequestInterval", requestInterval);
            requireAbsent("FailureThreshold", failureThreshold);
            if (type.equals("CALCULATED")) {
                if (childHealthChecks == null) {
                    throw Route53Error.invalidInput("Invalid parameter : ChildHealthChecks is required for a "
                            + "health check of type CALCULATED.");
                }
                if (healthThreshold != null && (healthThreshold < 0 || healthThreshold > 256)) {
                    throw Route53Error.invalidInput("Invalid parameter : HealthThreshold must be between 0 and 256.");
                }
            }
            if (type.equals("CLOUDWATCH_METRIC") && (alarmName == null || alarmRegion == null)) {
                throw Route53Error.invalidInput("Invalid parameter : AlarmIdentifier is required for a health check "
                        + "of type CLOUDWATCH_METRIC.");
            }
            if (type.equals("RECOVERY_CONTROL") && routingControlArn == null) {
                throw Route53Error.invalidInput("Invalid parameter : RoutingControlArn is required for a health "
                        + "check of type RECOVERY_CONTROL.");
            }
            return new HealthCheckConfig(null, null, type, null, null, null, null, null, null,
                    inverted == null ? Boolean.FALSE : inverted, disabled == null ? Boolean.FALSE : disabled,
                    type.equals("CALCULATED") && healthThreshold == null ? Integer.valueOf(1) : healthThreshold,
                    childHealthChecks, null, null, alarmRegion, alarmName,
                    type.equals("CLOUDWATCH_METRIC") && insufficientDataHealthStatus == null ? "LastKnownStatus"
                            : insufficientDataHealthStatus,
                    routingControlArn);
        }
        if (ipAddress == null && fullyQualifiedDomainName == null) {
            throw Route53Error.invalidInput("Invalid parameter : Either IPAddress or FullyQualifiedDomainName must "
                    + "be specified for a health check of type " + type + ".");
        }
        if (ipAddress != null && !isPublicIpv4OrIpv6(ipAddress)) {
            throw Route53Error.invalidInput("Invalid parameter : IPAddress " + ipAddress + " is not a valid IPv4 or "
                    + "IPv6 address.");
        }
        if (type.equals("TCP") && port == null) {
            throw Route53Error.invalidInput("Invalid parameter : Port is required for a health check of type TCP.");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxInclusive-valid: Value '" + port + "' is not "
                    + "facet-valid with respect to maxInclusive '65535' for type 'Port'.");
        }
        boolean stringMatch = type.endsWith("_STR_MATCH");
        if (stringMatch && (searchString == null || searchString.isEmpty())) {
            throw Route53Error.invalidInput("Invalid parameter : SearchString is required for a health check of "
                    + "type " + type + ".");
        }
        if (!stringMatch) {
            requireAbsent("SearchString", searchString);
        }
        if (searchString != null && searchString.length() > 255) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: SearchString is longer than 255.");
        }
        if (resourcePath != null && resourcePath.length() > 255) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: ResourcePath is longer than 255.");
        }
        if (type.equals("TCP")) {
            requireAbsent("ResourcePath", resourcePath);
        }
        if (requestInterval != null && requestInterval != 10 && requestInterval != 30) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-minInclusive-valid: RequestInterval must be 10 or 30.");
        }
        if (failureThreshold != null && (failureThreshold < 1 || failureThreshold > 10)) {
            throw Route53Error.invalidInput("Invalid XML ; FailureThreshold must be between 1 and 10.");
        }
        if (regions != null) {
            if (regions.size() < 3) {
                throw Route53Error.invalidInput("Invalid parameter : Regions must contain at least 3 regions.");
            }
            for (String region : regions) {
                if (!CHECKER_REGIONS.contains(region)) {
                    throw Route53Error.invalidInput("Invalid XML ; cvc-enumeration-valid: Value '" + region
                            + "' is not facet-valid with respect to enumeration '" + CHECKER_REGIONS + "'.");
                }
            }
        }
        boolean https = type.startsWith("HTTPS");
        Integer defaultPort = type.equals("TCP") ? port : https ? Integer.valueOf(443) : Integer.valueOf(80);
        return new HealthCheckConfig(ipAddress, port == null ? defaultPort : port, type, resourcePath,
                fullyQualifiedDomainName, searchString, requestInterval == null ? Integer.valueOf(30) : requestInterval,
                failureThreshold == null ? Integer.valueOf(3) : failureThreshold,
                measureLatency == null ? Boolean.FALSE : measureLatency, inverted == null ? Boolean.FALSE : inverted,
                disabled == null ? Boolean.FALSE : disabled, null, null,
                enableSni == null ? Boolean.valueOf(https) : enableSni, regions, null, null, null, null);
    }

    private void requireAbsent(String field, Object value) {
        if (value != null) {
            throw Route53Error.invalidInput("Invalid parameter : " + field + " is not allowed for a health check of "
                    + "type " + type + ".");
        }
    }

    private static boolean isPublicIpv4OrIpv6(String address) {
        if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
    }
}
