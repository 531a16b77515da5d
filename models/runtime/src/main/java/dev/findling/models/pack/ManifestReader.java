package dev.findling.models.pack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code pack.json}. Unknown fields are errors rather than silently ignored, so a misspelt
 * {@code "normalisedInGraph"} cannot quietly change how images are prepared.
 */
public final class ManifestReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addMixIn(PackManifest.class, DerivedFieldsIgnored.class);

    /** {@link PackManifest#isReference()} is derived from {@code kind}; it is neither written nor read. */
    @JsonIgnoreProperties({"reference"})
    private interface DerivedFieldsIgnored {
    }

    private ManifestReader() {
    }

    /**
     * Parses the manifest of {@code packDir} and checks its format version.
     *
     * @throws PackException when the file is missing, is not valid JSON for the manifest, or has another format
     */
    public static PackManifest read(Path packDir) {
        Path file = packDir.resolve(PackManifest.FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PackException(packDir + " is not a model pack: it has no " + PackManifest.FILE_NAME);
        } catch (IOException e) {
            throw new PackException("cannot read " + file + ": " + e.getMessage(), e);
        }
        PackManifest manifest = parse(bytes);
        if (manifest.format() != PackManifest.CURRENT_FORMAT) {
            throw new PackException(PackManifest.FILE_NAME + " in " + packDir + " has format " + manifest.format()
                    + " but this version of Findling reads format " + PackManifest.CURRENT_FORMAT);
        }
        return manifest;
    }

    /** Parses manifest JSON without checking files; the message of a failure says where in the text. */
    public static PackManifest parse(byte[] json) {
        try {
            PackManifest m = JSON.readValue(json, PackManifest.class);
            if (m == null) {
                throw new PackException(PackManifest.FILE_NAME + " is empty");
            }
            return m;
        } catch (UnrecognizedPropertyException e) {
            throw new PackException(PackManifest.FILE_NAME + " " + where(e.getLocation()) + ": unknown field '"
                    + e.getPropertyName() + "' (known fields here: " + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            throw new PackException(PackManifest.FILE_NAME + " " + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PackException("cannot parse " + PackManifest.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** The manifest as pretty-printed JSON (what {@code ReferencePack} and tests write). */
    public static byte[] toJson(PackManifest manifest) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise manifest " + manifest.id(), e);
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
