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
 * The Jetty handler in front of s3proxy's servlet, for what the blob store cannot do from below it. The blob store
 * runs on the thread that serves the request, so the two talk through thread-locals.
 *
 * <ul>
 *   <li><b>Content-Type exactly as stored.</b> Jetty's servlet layer respells about twenty well-known values
 *       ({@code text/plain; charset=utf-8} becomes {@code text/plain;charset=utf-8}, likewise text/html, text/xml,
 *       text/json and application/json with utf-8 or iso-8859-1); AWS returns what was PUT, byte for byte. The
 *       blob store remembers the stored value and this handler, below the servlet layer, puts it back when Jetty's
 *       value is only a respelling of it.</li>
 *   <li><b>Request headers s3proxy drops</b> on the way to its blob store (CopyObject's {@code If-None-Match} and
 *       {@code x-amz-checksum-algorithm}): the blob store reads them from the request this thread serves.</li>
 *   <li><b>Dropped connections</b> for fault injection: the blob store asks to close the socket of the request
 *       it serves, so the client sees the connection end without a response.</li>
 * </ul>
 */
final class ExchangeHandler extends Handler.Wrapper {

    private static final ThreadLocal<String> STORED_CONTENT_TYPE = new ThreadLocal<>();
    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

    private ExchangeHandler(Handler handler) {
        super(handler);
    }

    /** Wraps s3proxy's Jetty handler; must run before {@link S3Proxy#start()}. */
    static void install(S3Proxy s3proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            Server server = (Server) field.get(s3proxy);
            server.setHandler(new ExchangeHandler(server.getHandler()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot install the sandbox's handler in s3proxy: was s3proxy upgraded?"
                    + " The sandbox is built for org.gaul:s3proxy 4.1.0", e);
        }
    }

    /** Called by the blob store while it serves a HEAD or GET of an object. */
    static void rememberStoredContentType(String contentType) {
        STORED_CONTENT_TYPE.set(contentType);
    }

    /** A header of the request this thread serves, for what s3proxy reads but does not pass down to its blob store. */
    static String requestHeader(String name) {
        Request request = CURRENT.get();
        return request == null ? null : request.getHeaders().get(name);
    }

    /** Closes the connection of the request this thread serves, without a response. */
    static void dropConnection() {
        Request request = CURRENT.get();
        if (request != null) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        STORED_CONTENT_TYPE.remove();
        CURRENT.set(request);
        try {
            return super.handle(request, new ExactHeaders(request, response), callback);
        } finally {
            STORED_CONTENT_TYPE.remove();
            CURRENT.remove();
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
            String stored = STORED_CONTENT_TYPE.get();
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
