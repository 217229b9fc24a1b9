package dev.edgedeploy.sandbox.edge;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One simulated CloudFront edge location: its own cache, its own Lambda@Edge execution environments, and its own
 * name server answering as Route53 answers viewers of {@code viewerRegion}.
 *
 * @param name the point of presence, e.g. {@code FRA56-P5}, answered in {@code x-amz-cf-pop}
 * @param viewerRegion the AWS region nearest to this location's viewers (latency records answer for it), also the
 *     region the location's Lambda@Edge replicas execute in
 * @param nameServer the location's DNS listener ({@code Route53Service.addEdgeLocation})
 */
public record EdgeLocation(String name, String viewerRegion, InetSocketAddress nameServer) {

    public EdgeLocation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(viewerRegion, "viewerRegion");
        Objects.requireNonNull(nameServer, "nameServer");
    }

    /** {@code host:port} of the name server, the form {@code dns.setServers} takes. */
    String resolver() {
        return nameServer.getAddress().getHostAddress() + ":" + nameServer.getPort();
    }
}
