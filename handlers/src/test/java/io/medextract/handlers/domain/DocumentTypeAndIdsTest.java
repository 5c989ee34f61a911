package io.medextract.handlers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentTypeAndIdsTest {

    @Test
    void detectsEachFormatByItsLeadingBytes() {
        assertThat(DocumentType.detect("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII))).contains(DocumentType.PDF);
        assertThat(DocumentType.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}))
                .contains(DocumentType.PNG);
        assertThat(DocumentType.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
                .contains(DocumentType.JPEG);
        assertThat(DocumentType.detect(new byte[] {'I', 'I', 42, 0, 8})).contains(DocumentType.TIFF);
        assertThat(DocumentType.detect(new byte[] {'M', 'M', 0, 42, 8})).contains(DocumentType.TIFF);
        assertThat(DocumentType.detect("Naïve café: BP 120/80\n".getBytes(StandardCharsets.UTF_8))).contains(DocumentType.TEXT);
    }

    @Test
    void rejectsBinaryAndInvalidUtf8AsText() {
        assertThat(DocumentType.detect(new byte[] {0, 1, 2, 3})).isEmpty();
        assertThat(DocumentType.detect(new byte[] {'a', (byte) 0xC3})).isEmpty();
        assertThat(DocumentType.detect(new byte[0])).isEmpty();
        assertThat(DocumentType.detect("PK\u0003\u0004zip".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }

    @Test
    void mediaTypesAreMatchedWithoutParameters() {
        assertThat(DocumentType.fromMediaType("text/plain; charset=utf-8")).contains(DocumentType.TEXT);
        assertThat(DocumentType.fromMediaType("IMAGE/JPG")).contains(DocumentType.JPEG);
        assertThat(DocumentType.fromMediaType("application/zip")).isEmpty();
    }

    @Test
    void idsAreValidAndSortByTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(SortableIds.next(SortableIds.DOCUMENT, Instant.ofEpochMilli(1_700_000_000_000L + i * 1000L)));
        }
        assertThat(ids).allMatch(id -> SortableIds.isValid(SortableIds.DOCUMENT, id)).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(0)).hasSize(30);
        assertThat(SortableIds.isValid(SortableIds.EXTRACTION, ids.get(0))).isFalse();
    }

    @Test
    void deterministicIdsRepeatForTheSameSeedOnly() {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        String a = SortableIds.deterministic(SortableIds.EXTRACTION, t, "bucket/key#v1");
        assertThat(SortableIds.deterministic(SortableIds.EXTRACTION, t, "bucket/key#v1")).isEqualTo(a);
        assertThat(SortableIds.deterministic(SortableIds.EXTRACTION, t, "bucket/key#v2")).isNotEqualTo(a);
        assertThat(SortableIds.isValid(SortableIds.EXTRACTION, a)).isTrue();
    }
}
