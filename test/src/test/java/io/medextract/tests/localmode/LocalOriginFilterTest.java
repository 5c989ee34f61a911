package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of {@link LocalOriginFilter}, request by request (LocalModeForeignRequestsTest sends them for real). */
class LocalOriginFilterTest {

    private static final LocalOrigin ORIGIN = new LocalOrigin(8787);
    private final LocalOriginFilter filter = new LocalOriginFilter(ORIGIN, "/medextract-local-documents/");

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8787", "localhost:8787", "LOCALHOST:8787"})
    void theLocalHostIsAnswered(String host) {
        assertThat(check("GET", "/api/experiments", "Host", host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example:8787", "127.0.0.1", "127.0.0.1:8788", "localhost", "127.0.0.2:8787",
            "[::1]:8787", "127.0.0.1:8787.attacker.example", "127.0.0.1.nip.io:8787", ""})
    void anyOtherHostIsRefused(String host) {
        assertThat(check("GET", "/api/experiments", "Host", host)).get()
                .extracting(LocalOriginFilter.Refusal::status, LocalOriginFilter.Refusal::error)
                .containsExactly(403, "host_not_allowed");
    }

    @Test
    void aMissingOrDoubledHostIsRefused() {
        assertThat(filter.check("GET", URI.create("/api/experiments"), new Headers())).get()
                .extracting(LocalOriginFilter.Refusal::error).isEqualTo("host_not_allowed");
        Headers doubled = headers("Host", "127.0.0.1:8787");
        doubled.add("Host", "attacker.example:8787");
        assertThat(filter.check("GET", URI.create("/api/experiments"), doubled)).isPresent();
    }

    @Test
    void anAbsoluteRequestTargetMustNameTheLocalOriginToo() {
        assertThat(filter.check("GET", URI.create("http://attacker.example:8787/api/experiments"),
                headers("Host", "127.0.0.1:8787"))).get().extracting(LocalOriginFilter.Refusal::error)
                .isEqualTo("host_not_allowed");
        assertThat(filter.check("GET", URI.create("http://127.0.0.1:8787/api/experiments"),
                headers("Host", "127.0.0.1:8787"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8787", "http://localhost:8787"})
    void theLocalOriginIsAnswered(String origin) {
        assertThat(check("POST", "/api/upload", "Host", "127.0.0.1:8787", "Origin", origin,
                "Content-Type", "application/json")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://attacker.example", "null", "http://127.0.0.1:8788", "https://127.0.0.1:8787",
            "http://127.0.0.1:8787.attacker.example", "http://attacker.example:8787", ""})
    void anyOtherOriginIsRefusedOnReadsAndWrites(String origin) {
        for (String method : new String[] {"GET", "OPTIONS", "POST"}) {
            assertThat(check(method, "/api/upload", "Host", "127.0.0.1:8787", "Origin", origin,
                    "Content-Type", "application/json")).as(method).get()
                    .extracting(LocalOriginFilter.Refusal::status, LocalOriginFilter.Refusal::error)
                    .containsExactly(403, "origin_not_allowed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "PROPFIND"})
    void aWriteWithoutJsonIsRefused(String method) {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/jsonp", "text/json"}) {
            assertThat(check(method, "/api/upload", "Host", "127.0.0.1:8787", "Content-Type", type)).as(type).get()
                    .extracting(LocalOriginFilter.Refusal::status, LocalOriginFilter.Refusal::error)
                    .containsExactly(415, "unsupported_media_type");
        }
        assertThat(check(method, "/api/extract/doc_1", "Host", "127.0.0.1:8787")).as("no Content-Type").isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"})
    void aJsonWriteIsAnswered(String type) {
        assertThat(check("POST", "/api/extract/doc_1", "Host", "127.0.0.1:8787", "Content-Type", type)).isEmpty();
    }

    @Test
    void aPresignedUploadCarriesTheDocumentsOwnType() {
        assertThat(check("PUT", "/medextract-local-documents/uploads/doc_1", "Host", "127.0.0.1:8787",
                "Content-Type", "application/pdf")).isEmpty();
        assertThat(check("PUT", "/medextract-local-documents/uploads/doc_1", "Host", "127.0.0.1:8787",
                "Origin", "https://attacker.example", "Content-Type", "application/pdf")).isPresent();
        assertThat(check("POST", "/medextract-local-documents/uploads/doc_1", "Host", "127.0.0.1:8787",
                "Content-Type", "text/plain")).isPresent();
    }

    @Test
    void theMessageQuotesWhatWasSentBoundedAndWithoutControlCharacters() {
        Optional<LocalOriginFilter.Refusal> refusal = check("GET", "/", "Host", "a\u0007".repeat(200));
        assertThat(refusal.get().message()).contains("http://127.0.0.1:8787").doesNotContain("\u0007")
                .hasSizeLessThan(400);
    }

    private Optional<LocalOriginFilter.Refusal> check(String method, String path, String... nameValues) {
        return filter.check(method, URI.create(path), headers(nameValues));
    }

    private static Headers headers(String... nameValues) {
        Headers headers = new Headers();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }
}
