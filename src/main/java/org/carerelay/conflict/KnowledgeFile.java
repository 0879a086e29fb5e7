package org.carerelay.conflict;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.carerelay.conflict.rules.Knowledge;

/** Reads a versioned knowledge file from the class path, refusing unknown fields and dangling names at start-up. */
public final class KnowledgeFile {

    /** The knowledge this version of CareRelay ships. */
    public static final String DEFAULT = "conflicts/knowledge-v2.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private KnowledgeFile() {}

    public static Knowledge read(String resource) {
        try (InputStream in = KnowledgeFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No knowledge file '" + resource + "' on the class path");
            }
            return JSON.readValue(in, Knowledge.class).validated();
        } catch (IOException e) {
            throw new UncheckedIOException("Knowledge file '" + resource + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
