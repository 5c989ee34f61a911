package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads an evaluation set to import from the documents bucket: under a prefix inside {@code evaluation-imports/},
 * one folder per case holding {@code document.<pdf|png|jpg|tiff|txt>} and {@code expected.json}. The function may
 * read nothing else of the bucket, so the prefix is checked before any call.
 */
public final class ImportPrefix {

    private static final Pattern PREFIX = Pattern.compile("evaluation-imports/[A-Za-z0-9._/-]{1,200}/");

    private final Supplier<S3Client> s3;
    private final String bucket;

    public ImportPrefix(S3Client s3, String bucket) {
        this(() -> s3, bucket);
    }

    /** @param s3 asked for on each import: the function builds its S3 client only when a request needs it */
    public ImportPrefix(Supplier<S3Client> s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public List<LabelledDocument> read(String prefix) {
        if (!PREFIX.matcher(prefix).matches() || prefix.contains("..") || prefix.contains("//")) {
            throw ApiException.badRequest("s3Prefix must be a folder under " + EvaluationSetService.IMPORT_PREFIX
                    + " ending in '/', e.g. evaluation-imports/discharge-summaries/");
        }
        Map<String, Map<String, String>> cases = new TreeMap<>();
        List<S3Object> listed = new ArrayList<>();
        s3.get().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(listed::add);
        if (listed.size() > 2 * EvaluationSet.MAX_DOCUMENTS + 10) {
            throw ApiException.badRequest("s3Prefix holds more objects than a set version may have documents ("
                    + EvaluationSet.MAX_DOCUMENTS + ")");
        }
        for (S3Object o : listed) {
            String rest = o.key().substring(prefix.length());
            String[] parts = rest.split("/");
            if (parts.length != 2) {
                throw ApiException.badRequest("s3Prefix must hold <case>/document.<ext> and <case>/expected.json only;"
                        + " found " + rest);
            }
            cases.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], o.key());
        }
        if (cases.isEmpty()) {
            throw ApiException.badRequest("s3Prefix " + prefix + " holds no documents");
        }
        List<LabelledDocument> docs = new ArrayList<>();
        cases.forEach((name, files) -> docs.add(labelled(name, files)));
        return docs;
    }

    private LabelledDocument labelled(String caseName, Map<String, String> files) {
        String where = "case '" + caseName + "'";
        if (files.size() != 2 || !files.containsKey("expected.json")) {
            throw ApiException.badRequest(where + " must hold exactly document.<ext> and expected.json");
        }
        String documentFile = files.keySet().stream().filter(f -> !f.equals("expected.json")).findFirst().orElseThrow();
        DocumentType type = typeOf(documentFile)
                .orElseThrow(() -> ApiException.badRequest(where + ": " + documentFile
                        + " is not document.pdf, .png, .jpg, .tiff or .txt"));
        JsonNode expected;
        try {
            expected = Json.mapper().readTree(get(files.get("expected.json")));
        } catch (IOException e) {
            throw ApiException.badRequest(where + ": expected.json is not valid JSON");
        }
        return LabelledDocument.of(caseName + "." + type.extension(), type.mediaType(), get(files.get(documentFile)),
                expected, where);
    }

    private static java.util.Optional<DocumentType> typeOf(String file) {
        for (DocumentType t : DocumentType.values()) {
            if (file.equals("document." + t.extension())) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    private byte[] get(String key) {
        return s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }
}
