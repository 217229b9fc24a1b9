package dev.edgedeploy.sandbox.cloudwatch;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes a metric one metric in CloudWatch: namespace, name and the exact set of dimensions (order does not
 * matter; a datum with an extra dimension is a different metric).
 */
record MetricIdentity(String namespace, String metricName, Map<String, String> dimensions) {

    MetricIdentity {
        dimensions = Map.copyOf(new TreeMap<>(dimensions));
    }

    static MetricIdentity of(String namespace, String metricName, List<Dimension> dimensions) {
        Map<String, String> map = new TreeMap<>();
        dimensions.forEach(dimension -> map.put(dimension.name(), dimension.value()));
        return new MetricIdentity(namespace, metricName, map);
    }
}
