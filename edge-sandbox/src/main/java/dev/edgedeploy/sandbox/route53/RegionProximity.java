package dev.edgedeploy.sandbox.route53;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which AWS region is nearest to a viewer, for latency routing. Route53 measures latency between viewer networks
 * and regions; the sandbox stands in a static, explicit table: the great-circle distance between the regions'
 * locations (approximate city coordinates). Equal distances keep the order of {@link #REGIONS}.
 */
final class RegionProximity {

    private static final Map<String, double[]> LOCATIONS = new LinkedHashMap<>();

    static {
        LOCATIONS.put("us-east-1", new double[] {38.9, -77.4});
        LOCATIONS.put("us-east-2", new double[] {40.0, -83.0});
        LOCATIONS.put("us-west-1", new double[] {37.4, -121.9});
        LOCATIONS.put("us-west-2", new double[] {45.8, -119.7});
        LOCATIONS.put("ca-central-1", new double[] {45.5, -73.6});
        LOCATIONS.put("eu-west-1", new double[] {53.3, -6.3});
        LOCATIONS.put("eu-west-2", new double[] {51.5, -0.1});
        LOCATIONS.put("eu-west-3", new double[] {48.9, 2.35});
        LOCATIONS.put("eu-central-1", new double[] {50.1, 8.7});
        LOCATIONS.put("eu-central-2", new double[] {47.4, 8.5});
        LOCATIONS.put("ap-southeast-1", new double[] {1.35, 103.8});
        LOCATIONS.put("ap-southeast-2", new double[] {-33.9, 151.2});
        LOCATIONS.put("ap-southeast-3", new double[] {-6.2, 106.8});
        LOCATIONS.put("ap-northeast-1", new double[] {35.7, 139.7});
        LOCATIONS.put("ap-northeast-2", new double[] {37.6, 127.0});
        LOCATIONS.put("ap-northeast-3", new double[] {34.7, 135.5});
        LOCATIONS.put("eu-north-1", new double[] {59.3, 18.1});
        LOCATIONS.put("sa-east-1", new double[] {-23.5, -46.6});
        LOCATIONS.put("cn-north-1", new double[] {39.9, 116.4});
        LOCATIONS.put("cn-northwest-1", new double[] {37.5, 105.2});
        LOCATIONS.put("ap-east-1", new double[] {22.3, 114.2});
        LOCATIONS.put("me-south-1", new double[] {26.1, 50.6});
        LOCATIONS.put("me-central-1", new double[] {24.5, 54.4});
        LOCATIONS.put("ap-south-1", new double[] {19.1, 72.9});
        LOCATIONS.put("ap-south-2", new double[] {17.4, 78.5});
        LOCATIONS.put("af-south-1", new double[] {-33.9, 18.4});
        LOCATIONS.put("eu-south-1", new double[] {45.5, 9.2});
        LOCATIONS.put("eu-south-2", new double[] {41.6, -0.9});
        LOCATIONS.put("ap-southeast-4", new double[] {-37.8, 145.0});
        LOCATIONS.put("il-central-1", new double[] {32.1, 34.8});
        LOCATIONS.put("ca-west-1", new double[] {51.0, -114.1});
        LOCATIONS.put("ap-southeast-5", new double[] {3.1, 101.7});
        LOCATIONS.put("mx-central-1", new double[] {20.6, -100.4});
        LOCATIONS.put("ap-southeast-7", new double[] {13.8, 100.5});
        LOCATIONS.put("us-gov-east-1", new double[] {40.0, -83.0});
        LOCATIONS.put("us-gov-west-1", new double[] {45.6, -121.2});
        LOCATIONS.put("ap-east-2", new double[] {25.0, 121.5});
        LOCATIONS.put("ap-southeast-6", new double[] {-36.8, 174.8});
    }

    /** Every region a latency record may name ({@code ResourceRecordSetRegion} of the 2.40.2 model). */
    static final List<String> REGIONS = List.copyOf(LOCATIONS.keySet());

    private RegionProximity() {
    }

    static boolean isKnown(String region) {
        return LOCATIONS.containsKey(region);
    }

    /** {@code candidates} ordered nearest first as seen from {@code viewerRegion}. */
    static List<String> nearestFirst(String viewerRegion, List<String> candidates) {
        double[] viewer = location(viewerRegion);
        List<String> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingDouble((String region) -> distance(viewer, location(region)))
                .thenComparingInt(REGIONS::indexOf));
        return ordered;
    }

    private static double[] location(String region) {
        double[] location = LOCATIONS.get(region);
        if (location == null) {
            throw new IllegalArgumentException("unknown AWS region " + region + "; known: " + REGIONS);
        }
        return location;
    }

    /** Central angle between two points (haversine); proportional to the great-circle distance. */
    private static double distance(double[] from, double[] to) {
        double lat1 = Math.toRadians(from[0]);
        double lat2 = Math.toRadians(to[0]);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(to[1] - from[1]);
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
