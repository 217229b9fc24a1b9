package dev.edgedeploy.core.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DeterministicGzipTest {

    private static final byte[] TEXT = "export default function widget() { return 'hello'; }\n".repeat(200)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void writesAFixedHeaderWithNoTimeAndUnknownOs() {
        byte[] gzip = DeterministicGzip.compress(TEXT, 9);
        assertThat(Arrays.copyOf(gzip, 10)).containsExactly(
                0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff);
    }

    @Test
    void givesTheSameBytesForTheSameInput() {
        assertThat(DeterministicGzip.compress(TEXT, 9)).isEqualTo(DeterministicGzip.compress(TEXT.clone(), 9));
    }

    @Test
    void isReadableByEveryGzipReader() throws IOException {
        byte[] gzip = DeterministicGzip.compress(TEXT, 9);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertThat(in.readAllBytes()).isEqualTo(TEXT);
        }
        assertThat(gzip.length).isLessThan(TEXT.length / 10);
    }

    @Test
    void compressesEmptyInput() throws IOException {
        byte[] gzip = DeterministicGzip.compress(new byte[0], 9);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void brotliRoundTripsAndIsDeterministic() throws IOException {
        byte[] br = Codec.BROTLI.compress(TEXT, 11);
        assertThat(br).isEqualTo(Codec.BROTLI.compress(TEXT.clone(), 11));
        assertThat(com.aayushatharva.brotli4j.decoder.Decoder.decompress(br).getDecompressedData()).isEqualTo(TEXT);
    }
}
