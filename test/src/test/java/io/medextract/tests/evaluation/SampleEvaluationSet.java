package io.medextract.tests.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.LocalPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The synthetic sample set shipped in test resources ({@code evaluation-sets/discharge-sample}). */
public final class SampleEvaluationSet {

    static final String ROOT = "/evaluation-sets/discharge-sample/";
    /** Case folder and document file of each sample. */
    static final List<List<String>> CASES = List.of(
            List.of("text-note", "document.txt"),
            List.of("typed-pdf", "document.pdf"),
            List.of("scanned-image", "document.png"));

    private SampleEvaluationSet() {}

    static byte[] file(String caseName, String file) {
        try (InputStream in = SampleEvaluationSet.class.getResourceAsStream(ROOT + caseName + "/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing sample file " + caseName + "/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode expected(String caseName) {
        try {
            return (ObjectNode) LocalPlatform.JSON.readTree(file(caseName, "expected.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's expected extraction for the same summary naming another (made-up) patient. */
    public static ObjectNode expectedFor(String patientName) {
        ObjectNode expected = expected("text-note");
        ((ObjectNode) expected.get("patient")).put("name", patientName);
        return expected;
    }

    static JsonNode text(String value) {
        return LocalPlatform.JSON.getNodeFactory().textNode(value);
    }
}
