package dev.edgedeploy.core.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A stored compressed variant: its Content-Encoding, its key suffix, and how its bytes are made. */
public enum Codec {

    GZIP("gzip", ".gz") {
        @Override
        public byte[] compress(byte[] input, int level) {
            return DeterministicGzip.compress(input, level);
        }
    },
    BROTLI("br", ".br") {
        @Override
        public byte[] compress(byte[] input, int quality) {
            Brotli4jLoader.ensureAvailability();
            try {
                // Default window (lgwin 22) and generic mode: brotli's output depends only on input and these.
                return Encoder.compress(input, new Encoder.Parameters().setQuality(quality));
            } catch (IOException e) {
                throw new UncheckedIOException("brotli compression failed", e);
            }
        }
    };

    private final String contentEncoding;
    private final String suffix;

    Codec(String contentEncoding, String suffix) {
        this.contentEncoding = contentEncoding;
        this.suffix = suffix;
    }

    /** The Content-Encoding header value, also the name used in the edge config. */
    public String contentEncoding() {
        return contentEncoding;
    }

    /** Appended to the identity key: {@code app.js} → {@code app.js.gz}. */
    public String suffix() {
        return suffix;
    }

    /** Compresses deterministically: same input and level, same bytes. */
    public abstract byte[] compress(byte[] input, int level);
}
