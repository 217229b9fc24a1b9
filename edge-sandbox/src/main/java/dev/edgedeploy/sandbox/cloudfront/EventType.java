package dev.edgedeploy.sandbox.cloudfront;

import java.util.Optional;

/** The CloudFront events a Lambda@Edge function can be triggered by, with the limits each kind imposes. */
public enum EventType {
    VIEWER_REQUEST("viewer-request", true, true),
    VIEWER_RESPONSE("viewer-response", true, false),
    ORIGIN_REQUEST("origin-request", false, true),
    ORIGIN_RESPONSE("origin-response", false, false);

    private final String wireName;
    private final boolean viewer;
    private final boolean request;

    EventType(String wireName, boolean viewer, boolean request) {
        this.wireName = wireName;
        this.viewer = viewer;
        this.request = request;
    }

    /** The value of {@code EventType} in the API, e.g. {@code origin-request}. */
    public String wireName() {
        return wireName;
    }

    /** Viewer triggers run on every request and have the tighter limits (1 MB, 128 MB, 5 s). */
    public boolean isViewerTrigger() {
        return viewer;
    }

    /** Only request events may receive the body ({@code IncludeBody}). */
    public boolean isRequestEvent() {
        return request;
    }

    /** The zipped code size CloudFront accepts for this trigger: 1 MB for viewer, 50 MB for origin triggers. */
    public long maxCodeSize() {
        return viewer ? 1_048_576L : 52_428_800L;
    }

    /** The largest timeout in seconds: 5 for viewer, 30 for origin triggers. */
    public int maxTimeoutSeconds() {
        return viewer ? 5 : 30;
    }

    static Optional<EventType> fromWireName(String value) {
        for (EventType type : values()) {
            if (type.wireName.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
