package dev.edgedeploy.sandbox.edge;

import java.util.Objects;

/**
 * One simulated viewer: the address CloudFront sees ({@code clientIp}) and the edge location its requests reach.
 *
 * @param clientIp the viewer's IPv4 address
 * @param edgeLocation the edge location's name, e.g. {@code FRA56-P5}
 */
public record Viewer(String clientIp, String edgeLocation) {

    public Viewer {
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(edgeLocation, "edgeLocation");
    }

    /** This viewer's GET of {@code pathAndQuery}, e.g. {@code /assets/index.js}. */
    public ViewerRequest get(String pathAndQuery) {
        return ViewerRequest.get(pathAndQuery).withClientIp(clientIp).at(edgeLocation);
    }
}
