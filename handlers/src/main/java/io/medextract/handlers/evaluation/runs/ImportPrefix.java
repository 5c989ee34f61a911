package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
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
 * read nothing else of the bucket, so the prefix is checked before any call. Sizes are checked on the listing before
 * any object is read (an import holds its documents in memory until they are stored), and each read asks for at
 * most one byte more than its limit, so an object replaced after the listing cannot exceed it either.
 */
public final class ImportPrefix {

    /** A pretty-printed expected extraction: ten times the compact JSON limit leaves room for indentation. */
    static final long MAX_EXPECTED_FILE_BYTES = 10L * LabelledDocument.MAX_EXPECTED_CHARS;
    /**
     * All documents of one import together: they stay in memory until stored, and the experiments function has 512 MB
     * by default. Larger sets are imported in parts (a set version takes more documents until its first run).
     */
    static final long MAX_IMPORT_BYTES = 128L * 1024 * 1024;

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
        long total = 0;
        for (S3Object o : listed) {
            String rest = o.key().substring(prefix.length());
            String[] parts = rest.split("/");
            if (parts.length != 2) {
                throw ApiException.badRequest("s3Prefix must hold <case>/document.<ext> and <case>/expected.json only;"
                        + " found " + rest);
            }
            long size = o.size() == null ? 0 : o.size();
            long limit = limitOf(parts[1]);
            if (size > limit) {
                throw ApiException.payloadTooLarge("case '" + parts[0] + "': " + parts[1] + " is " + size
                        + " bytes; an imported " + (parts[1].equals("expected.json") ? "expected.json" : "document")
                        + " may have at most " + limit + " bytes");
            }
            total += size;
            cases.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], o.key());
        }
        if (total > MAX_IMPORT_BYTES) {
            throw ApiException.payloadTooLarge("s3Prefix holds " + total + " bytes; one import reads at most "
                    + MAX_IMPORT_BYTES + " bytes: import the set in parts (POST /api/evaluation-sets/{id}/documents"
                    + " adds documents to a version until its first run)");
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
            expected = Json.mapper().readTree(get(files.get("expected.json"), MAX_EXPECTED_FILE_BYTES));
        } catch (IOException e) {
            throw ApiException.badRequest(where + ": expected.json is not valid JSON");
        }
        return LabelledDocument.of(caseName + "." + type.extension(), type.mediaType(),
                get(files.get(documentFile), limitOf(documentFile)), expected, where);
    }

    private static java.util.Optional<DocumentType> typeOf(String file) {
        for (DocumentType t : DocumentType.values()) {
            if (file.equals("document." + t.extension())) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The largest object a case file may be: a document as an evaluation document of its type (as its listed name says;
     * an unknown name is refused later without a read), an expected extraction {@link #MAX_EXPECTED_FILE_BYTES}.
     */
    private static long limitOf(String file) {
        if (file.equals("expected.json")) {
            return MAX_EXPECTED_FILE_BYTES;
        }
        return typeOf(file).map(t -> Math.min((long) LabelledDocument.MAX_INLINE_BYTES, t.maxBytes()))
                .orElse((long) LabelledDocument.MAX_INLINE_BYTES);
    }

    /** At most {@code limit} + 1 bytes of the object: a longer read would mean it grew after the listing. */
    private byte[] get(String key, long limit) {
        byte[] content = s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + limit))
                .asByteArray();
        if (content.length > limit) {
            throw ApiException.payloadTooLarge(key.substring(key.lastIndexOf('/', key.lastIndexOf('/') - 1) + 1)
                    + " grew beyond " + limit + " bytes while it was imported");
        }
        return content;
    }
}
