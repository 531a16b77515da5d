package dev.findling.index.solr;

import dev.findling.index.IndexSettings;
import dev.findling.index.store.IndexIdentity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The configset Findling uploads for its collection: {@code solrconfig.xml} and a {@code schema.xml}
 * generated from the template for the pack's vector dimensions and the HNSW settings.
 */
final class SolrConfigSet {
    /**
     * Layout version of the collection, recorded as the schema's name and verified on every start.
     * Raise it whenever fields or their meaning change: an older collection is then refused with a
     * message naming {@code findling reindex}.
     */
    static final int LAYOUT_VERSION = 1;
    static final String SCHEMA_NAME = "findling-library-" + LAYOUT_VERSION;

    private static final String RESOURCES = "/dev/findling/index/solr/configset/";

    private SolrConfigSet() {
    }

    static String schema(IndexIdentity identity, IndexSettings settings) {
        String globalType = "";
        String globalField = "";
        if (identity.globalDim() > 0) {
            globalType = "<fieldType name=\"global_vector\" class=\"solr.DenseVectorField\" vectorDimension=\""
                    + identity.globalDim() + "\" similarityFunction=\"dot_product\" knnAlgorithm=\"hnsw\" hnswMaxConnections=\""
                    + settings.hnswMaxConnections() + "\" hnswBeamWidth=\"" + settings.hnswBeamWidth() + "\"/>";
            globalField = "<field name=\"global_vector\" type=\"global_vector\" indexed=\"true\" stored=\"false\"/>";
        }
        return resource("schema.xml.template")
                .replace("@SCHEMA_NAME@", SCHEMA_NAME)
                .replace("@PATCH_DIM@", Integer.toString(identity.patchDim()))
                .replace("@HNSW_M@", Integer.toString(settings.hnswMaxConnections()))
                .replace("@HNSW_BEAM@", Integer.toString(settings.hnswBeamWidth()))
                .replace("@GLOBAL_VECTOR_TYPE@", globalType)
                .replace("@GLOBAL_VECTOR_FIELD@", globalField);
    }

    /** The configset as the zip the Configsets API's UPLOAD takes. */
    static byte[] zip(IndexIdentity identity, IndexSettings settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("solrconfig.xml"));
            zip.write(resource("solrconfig.xml").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("schema.xml"));
            zip.write(schema(identity, settings).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String resource(String name) {
        try (InputStream in = SolrConfigSet.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("configset resource " + RESOURCES + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
