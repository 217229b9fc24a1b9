package dev.edgedeploy.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A generated bundler output that looks like webpack's, from a seed: an entry {@code index.js}, many small content-hashed
 * JS chunks, a few MB-sized vendor bundles, CSS, SVG and JSON, and incompressible images and fonts. Text is
 * minified-JS-like (a shared vocabulary drawn with a skewed distribution, as real code reuses names), so gzip and
 * brotli see ratios and speeds close to real bundles. The same seed gives the same bytes.
 *
 * @param files how many files, entry included
 * @param seed everything depends on it
 */
record WebpackLikeBuild(int files, long seed) {

    private static final String[] KEYWORDS = {"function", "return", "var", "let", "const", "if", "else", "for",
        "new", "this", "typeof", "null", "void 0", "!0", "!1", "case", "break", "throw", "instanceof", "in",
        "Object.defineProperty", "Symbol.iterator", "Promise.resolve", "Array.isArray", "__webpack_require__",
        "exports", "module", "prototype", "length", "undefined", "arguments", "apply", "call", "push", "concat"};
    private static final String[] PUNCTUATION = {"(", ")", "{", "}", ";", ",", ".", "=", ":", "?", "&&", "||",
        "===", "!==", "+", "-", "*", "=>", "[", "]", "<", ">", "!"};
    private static final String[] CSS_PROPERTIES = {"display", "margin", "padding", "color", "background-color",
        "border", "font-size", "line-height", "position", "top", "left", "width", "height", "flex", "grid-template",
        "transition", "transform", "opacity", "z-index", "box-shadow", "border-radius", "font-family"};

    /** One file to write: its name relative to the dist directory and its unscaled size. */
    record Spec(String name, Kind kind, long baseSize) {
    }

    enum Kind {
        JS, CSS, SVG, JSON, HTML, BINARY;

        boolean text() {
            return this != BINARY;
        }
    }

    /** What {@link #write} produced. */
    record Written(int files, long rawBytes, long textBytes, long binaryBytes, long estimatedGzipBytes,
            String changeableFile) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d files, %.1f MB raw (%.1f MB text, %.1f MB binary), ~%.1f MB after gzip",
                    files, rawBytes / 1e6, textBytes / 1e6, binaryBytes / 1e6, estimatedGzipBytes / 1e6);
        }
    }

    /** Writes the build into {@code dist} with text scaled so that everything gzipped is about {@code gzipBytes}. */
    Written writeForGzipSize(Path dist, long gzipBytes) {
        List<Spec> specs = specs();
        long binary = specs.stream().filter(s -> !s.kind().text()).mapToLong(Spec::baseSize).sum();
        long text = specs.stream().filter(s -> s.kind().text()).mapToLong(Spec::baseSize).sum();
        double ratio = gzipRatio();
        double textScale = Math.max(0.01, (gzipBytes - binary) * ratio / text);
        return write(dist, specs, textScale, 1.0, ratio);
    }

    /** Writes the build into {@code dist} with every size scaled so that the raw total is about {@code rawBytes}. */
    Written writeForRawSize(Path dist, long rawBytes) {
        List<Spec> specs = specs();
        long total = specs.stream().mapToLong(Spec::baseSize).sum();
        double scale = (double) rawBytes / total;
        return write(dist, specs, scale, scale, gzipRatio());
    }

    /** Only JavaScript (the entry and chunks), about {@code rawBytes} of it: the packaging benchmark's input. */
    Written writeJavaScript(Path dist, long rawBytes) {
        List<Spec> specs = specs().stream().filter(s -> s.kind() == Kind.JS).toList();
        long total = specs.stream().mapToLong(Spec::baseSize).sum();
        double scale = (double) rawBytes / total;
        return write(dist, specs, scale, scale, gzipRatio());
    }

    private Written write(Path dist, List<Spec> specs, double textScale, double binaryScale, double ratio) {
        long text = 0;
        long binary = 0;
        String changeable = null;
        long changeableSize = -1;
        try {
            Files.createDirectories(dist);
            for (int i = 0; i < specs.size(); i++) {
                Spec spec = specs.get(i);
                Random random = new Random(seed * 1_000_003L + i);
                int size = (int) Math.max(64, Math.round(spec.baseSize() * (spec.kind().text() ? textScale : binaryScale)));
                byte[] bytes = spec.kind().text() ? text(spec.kind(), size, random) : binary(size, random);
                Path file = dist.resolve(spec.name());
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                if (spec.kind().text()) {
                    text += bytes.length;
                } else {
                    binary += bytes.length;
                }
                // a medium chunk is the file a one-line fix changes
                if (spec.kind() == Kind.JS && !spec.name().equals("index.js") && bytes.length > changeableSize
                        && bytes.length < 40_000) {
                    changeable = spec.name();
                    changeableSize = bytes.length;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(specs.size(), text + binary, text, binary, Math.round(text / ratio) + binary, changeable);
    }

    /** Appends a line of code to {@code name}: a one-file change. */
    static void change(Path dist, String name, long seed) {
        byte[] more = text(Kind.JS, 700, new Random(seed));
        try {
            Files.write(dist.resolve(name), more, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Spec> specs() {
        Random random = new Random(seed);
        List<Spec> specs = new ArrayList<>(files);
        specs.add(new Spec("index.js", Kind.JS, 3_000));
        int vendors = Math.max(1, files / 250);
        long[] vendorSizes = {4_000_000, 2_500_000, 1_500_000, 1_000_000};
        for (int i = 0; i < vendors; i++) {
            specs.add(new Spec("static/js/vendors-" + i + "." + hash(random) + ".js", Kind.JS,
                    vendorSizes[i % vendorSizes.length]));
        }
        int largeImages = Math.max(1, files / 500);
        for (int i = 0; i < largeImages; i++) {
            specs.add(new Spec("static/media/hero-" + i + "." + hash(random) + ".png", Kind.BINARY, 1_200_000));
        }
        while (specs.size() < files) {
            int n = specs.size();
            double pick = random.nextDouble();
            if (pick < 0.70) {
                specs.add(new Spec("static/js/" + n + "." + hash(random) + ".chunk.js", Kind.JS,
                        logNormal(random, 9_000, 1.2, 300, 600_000)));
            } else if (pick < 0.79) {
                specs.add(new Spec("static/css/" + n + "." + hash(random) + ".chunk.css", Kind.CSS,
                        logNormal(random, 5_000, 1.0, 200, 200_000)));
            } else if (pick < 0.85) {
                specs.add(new Spec("static/media/icon-" + n + "." + hash(random) + ".svg", Kind.SVG,
                        logNormal(random, 2_500, 0.8, 200, 60_000)));
            } else if (pick < 0.88) {
                specs.add(new Spec("static/data/" + n + "." + hash(random) + ".json", Kind.JSON,
                        logNormal(random, 3_000, 1.0, 100, 100_000)));
            } else if (pick < 0.89) {
                specs.add(new Spec("static/html/" + n + "." + hash(random) + ".html", Kind.HTML,
                        logNormal(random, 4_000, 0.8, 300, 60_000)));
            } else if (pick < 0.97) {
                specs.add(new Spec("static/media/img-" + n + "." + hash(random) + ".png", Kind.BINARY,
                        logNormal(random, 12_000, 1.1, 500, 400_000)));
            } else {
                specs.add(new Spec("static/media/font-" + n + "." + hash(random) + ".woff2", Kind.BINARY,
                        logNormal(random, 35_000, 0.4, 10_000, 120_000)));
            }
        }
        return specs;
    }

    /** gzip -9's ratio on this generator's JavaScript. */
    private double gzipRatio() {
        byte[] sample = text(Kind.JS, 1 << 20, new Random(seed ^ 0x5eed));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (double) sample.length / out.size();
    }

    private static long logNormal(Random random, double median, double sigma, long min, long max) {
        long value = Math.round(median * Math.exp(sigma * random.nextGaussian()));
        return Math.min(max, Math.max(min, value));
    }

    private static String hash(Random random) {
        return String.format(Locale.ROOT, "%08x", random.nextInt());
    }

    private static byte[] binary(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Vocabulary shared by every file of every build, as a bundle's modules share names and libraries. */
    private static final String[] VOCABULARY = vocabulary();

    private static String[] vocabulary() {
        Random random = new Random(42);
        String[] words = new String[4_000];
        for (int i = 0; i < words.length; i++) {
            int length = 1 + (int) Math.min(14, Math.abs(random.nextGaussian() * 5));
            StringBuilder word = new StringBuilder(length);
            for (int c = 0; c < length; c++) {
                word.append((char) ((c == 0 || random.nextInt(4) > 0 ? 'a' : 'A') + random.nextInt(26)));
            }
            words[i] = word.toString();
        }
        return words;
    }

    /** How often JavaScript repeats a known snippet instead of a fresh token: tuned for gzip -9 ratios of about 3. */
    private static final double SNIPPET_SHARE = 0.3;
    private static final String[] SNIPPETS = snippets();

    private static String[] snippets() {
        Random random = new Random(43);
        String[] snippets = new String[3_000];
        for (int i = 0; i < snippets.length; i++) {
            StringBuilder snippet = new StringBuilder();
            int length = 20 + random.nextInt(100);
            while (snippet.length() < length) {
                double pick = random.nextDouble();
                if (pick < 0.45) {
                    snippet.append(word(random));
                } else if (pick < 0.60) {
                    snippet.append(' ').append(KEYWORDS[random.nextInt(KEYWORDS.length)]).append(' ');
                } else {
                    snippet.append(PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
                }
            }
            snippets[i] = snippet.toString();
        }
        return snippets;
    }

    private static String word(Random random) {
        double u = random.nextDouble();
        return VOCABULARY[(int) (VOCABULARY.length * u * u * u)];
    }

    static byte[] text(Kind kind, int size, Random random) {
        StringBuilder out = new StringBuilder(size + 256);
        switch (kind) {
            case CSS -> {
                while (out.length() < size) {
                    out.append('.').append(word(random)).append('-').append(word(random)).append('{');
                    for (int i = 1 + random.nextInt(5); i > 0; i--) {
                        out.append(CSS_PROPERTIES[random.nextInt(CSS_PROPERTIES.length)]).append(':')
                                .append(random.nextInt(64)).append(random.nextBoolean() ? "px" : "rem").append(';');
                    }
                    out.append('}');
                }
            }
            case SVG -> {
                out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"");
                while (out.length() < size) {
                    out.append(random.nextBoolean() ? 'M' : 'l').append(random.nextInt(24)).append('.')
                            .append(random.nextInt(100)).append(' ').append(random.nextInt(24)).append(' ');
                }
                out.append("\"/></svg>");
            }
            case JSON -> {
                out.append('{');
                while (out.length() < size) {
                    out.append('"').append(word(random)).append("\":\"").append(word(random)).append(' ')
                            .append(word(random)).append("\",");
                }
                out.append("\"end\":true}");
            }
            case HTML -> {
                out.append("<!doctype html><html><body>");
                while (out.length() < size) {
                    out.append("<div class=\"").append(word(random)).append("\">").append(word(random)).append(' ')
                            .append(word(random)).append("</div>");
                }
                out.append("</body></html>");
            }
            default -> {
                out.append("(self.webpackChunk=self.webpackChunk||[]).push([[").append(random.nextInt(999))
                        .append("],{");
                while (out.length() < size) {
                    double pick = random.nextDouble();
                    if (pick < SNIPPET_SHARE) {
                        // bundles repeat themselves: the same helpers, imports and idioms in every module
                        double u = random.nextDouble();
                        out.append(SNIPPETS[(int) (SNIPPETS.length * u * u * u * u)]);
                    } else if (pick < 0.45) {
                        out.append(word(random));
                    } else if (pick < 0.60) {
                        out.append(' ').append(KEYWORDS[random.nextInt(KEYWORDS.length)]).append(' ');
                    } else if (pick < 0.93) {
                        out.append(PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
                    } else if (pick < 0.97) {
                        out.append(random.nextInt(random.nextBoolean() ? 10 : 100_000));
                    } else {
                        out.append('"').append(word(random)).append(' ').append(word(random)).append('"');
                    }
                }
                out.append("}]);");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
