package dev.edgedeploy.core.compress;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip with a fixed header, written here rather than by {@code GZIPOutputStream} whose header bytes (OS field)
 * changed between JDK releases: the same input gives the same bytes on every JDK with the same zlib.
 */
public final class DeterministicGzip {

    /**
     * ID1 ID2, CM=8 (deflate), FLG=0 (no name, comment or extra), MTIME=0 (none), XFL=0, OS=255 (unknown):
     * nothing about the build machine or the time leaks into the bytes.
     */
    static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private DeterministicGzip() {
    }

    public static byte[] compress(byte[] input, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 3 + 64);
            out.writeBytes(HEADER);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            CRC32 crc = new CRC32();
            crc.update(input);
            writeIntLittleEndian(out, (int) crc.getValue());
            writeIntLittleEndian(out, input.length);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
