package dev.edgedeploy.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Canonical JSON of the manifest: sorted properties, two-space indent, so equal manifests are equal bytes. */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** Two-space indent with {@code \n} line ends: Jackson's default printer uses the OS line separator. */
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private ManifestJson() {
    }

    public static byte[] write(AssetManifest manifest) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the manifest of " + manifest.buildId(), e);
        }
    }

    public static AssetManifest read(byte[] json) {
        try {
            return MAPPER.readValue(json, AssetManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not an edge-deploy manifest: " + e.getMessage(), e);
        }
    }
}
