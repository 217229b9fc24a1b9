package dev.edgedeploy.sandbox;

import java.lang.reflect.Field;
import java.util.Locale;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.http.HttpField;
import org.gaul.shaded.org.eclipse.jetty.http.HttpFields;
import org.gaul.shaded.org.eclipse.jetty.http.HttpHeader;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * Sends an object's Content-Type exactly as it was stored. Jetty's servlet layer rewrites about twenty well-known
 * values to its own spelling ({@code text/plain; charset=utf-8} becomes {@code text/plain;charset=utf-8}, likewise
 * text/html, text/xml, text/json and application/json with utf-8 or iso-8859-1); AWS returns what was PUT, byte
 * for byte. The blob store remembers the stored value for the request its thread serves, and this handler, below
 * the servlet layer, puts it back when Jetty's rewrite is only a respelling of it.
 */
final class StoredContentType extends Handler.Wrapper {

    private static final ThreadLocal<String> STORED = new ThreadLocal<>();

    private StoredContentType(Handler handler) {
        super(handler);
    }

    /** Called by the blob store while it serves a HEAD or GET of an object. */
    static void remember(String contentType) {
        STORED.set(contentType);
    }

    /** Wraps the s3proxy's Jetty handler; must run before {@link S3Proxy#start()}. */
    static void install(S3Proxy s3proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            Server server = (Server) field.get(s3proxy);
            server.setHandler(new StoredContentType(server.getHandler()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot install the exact Content-Type handler in s3proxy: was s3proxy"
                    + " upgraded? The sandbox is built for org.gaul:s3proxy 4.1.0", e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        STORED.remove();
        try {
            return super.handle(request, new ExactHeaders(request, response), callback);
        } finally {
            STORED.remove();
        }
    }

    private static final class ExactHeaders extends Response.Wrapper {
        private final HttpFields.Mutable headers;

        ExactHeaders(Request request, Response response) {
            super(request, response);
            this.headers = new HttpFields.Mutable.Wrapper(response.getHeaders()) {
                @Override
                public HttpField onAddField(HttpField field) {
                    return restore(field);
                }

                @Override
                public HttpField onReplaceField(HttpField oldField, HttpField newField) {
                    return restore(newField);
                }
            };
        }

        @Override
        public HttpFields.Mutable getHeaders() {
            return headers;
        }

        private static HttpField restore(HttpField field) {
            String stored = STORED.get();
            if (stored != null && field.getHeader() == HttpHeader.CONTENT_TYPE && !stored.equals(field.getValue())
                    && spelling(stored).equals(spelling(field.getValue()))) {
                return new HttpField(HttpHeader.CONTENT_TYPE, stored);
            }
            return field;
        }

        private static String spelling(String contentType) {
            return contentType.replace(" ", "").replace("\"", "").toLowerCase(Locale.ROOT);
        }
    }
}
