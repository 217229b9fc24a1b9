package dev.edgedeploy.core.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Node.js handler files of {@code edge-runtime}, read from the classpath under {@code META-INF/edge-runtime/}
 * (a directory in the IDE and reactor builds, a jar inside the Maven plugin), by name relative to that root.
 */
public record EdgeRuntimeFiles(SortedMap<String, byte[]> files) {

    public static final String RESOURCE_ROOT = "META-INF/edge-runtime/";
    /** The handler file; Lambda's handler setting is {@code index.handler}. */
    public static final String HANDLER_FILE = "index.mjs";

    public EdgeRuntimeFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        if (!files.containsKey(HANDLER_FILE)) {
            throw new IllegalStateException("the edge runtime has no " + HANDLER_FILE + ": " + files.keySet());
        }
    }

    public static EdgeRuntimeFiles fromClasspath() {
        return fromClasspath(EdgeRuntimeFiles.class.getClassLoader());
    }

    /**
     * Reads the runtime found first on the class loader's path; found by its handler file, because jars need not
     * hold directory entries.
     */
    public static EdgeRuntimeFiles fromClasspath(ClassLoader loader) {
        URL handler = loader.getResource(RESOURCE_ROOT + HANDLER_FILE);
        if (handler == null) {
            throw new IllegalStateException("no " + RESOURCE_ROOT + HANDLER_FILE + " on the classpath: the"
                    + " edge-runtime jar is missing from the plugin's dependencies");
        }
        try {
            if ("jar".equals(handler.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) handler.openConnection();
                connection.setUseCaches(false);
                Path jar = Path.of(connection.getJarFileURL().toURI());
                try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                    return new EdgeRuntimeFiles(read(zip.getPath("/" + RESOURCE_ROOT)));
                }
            }
            return new EdgeRuntimeFiles(read(Path.of(handler.toURI()).getParent()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the edge runtime from " + handler, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unexpected resource URL " + handler, e);
        }
    }

    private static SortedMap<String, byte[]> read(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        List<Path> regular;
        try (Stream<Path> walk = Files.walk(root)) {
            regular = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : regular) {
            List<String> segments = new ArrayList<>();
            root.relativize(file).forEach(segment -> segments.add(segment.toString()));
            files.put(String.join("/", segments), Files.readAllBytes(file));
        }
        return files;
    }
}
