package dev.edgedeploy.sandbox.edge;

/**
 * CloudFront's cache behavior path patterns: {@code *} matches zero or more characters ({@code /} included),
 * {@code ?} exactly one, everything else itself, case-sensitively; the pattern covers the whole path (without the
 * query string), and a pattern without a leading {@code /} matches as if it had one ("Path pattern", CloudFront
 * developer guide, distribution settings reference).
 */
final class PathPattern {

    private PathPattern() {
    }

    static boolean matches(String pattern, String path) {
        String anchored = pattern.startsWith("/") || pattern.startsWith("*") ? pattern : "/" + pattern;
        return matches(anchored, 0, path, 0);
    }

    /** Glob matching with backtracking over the last star only: linear in practice, exact for * and ?. */
    private static boolean matches(String pattern, int p, String text, int t) {
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
