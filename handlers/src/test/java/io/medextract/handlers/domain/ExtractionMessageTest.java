package io.medextract.handlers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.json.Json;
import org.junit.jupiter.api.Test;

class ExtractionMessageTest {

    private static final String DOC = "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    private static final String EXT = "ext_01JZZZZZZZZZZZZZZZZZZZZZZZ";

    @Test
    void aRequestRoundTripsWithItsAttempt() {
        ExtractionMessage.Requested retry = new ExtractionMessage.Requested(DOC, EXT).nextAttempt().nextAttempt();
        assertThat(ExtractionMessage.parse(Json.write(retry.toBody()))).isEqualTo(retry);
        assertThat(retry.attempt()).isEqualTo(2);
    }

    @Test
    void aRequestWithoutAttemptIsTheFirstAndABadAttemptIsPoison() {
        String base = "{\"type\":\"ExtractionRequested\",\"documentId\":\"" + DOC + "\",\"extractionId\":\"" + EXT + "\"";
        assertThat(ExtractionMessage.parse(base + "}")).isEqualTo(new ExtractionMessage.Requested(DOC, EXT, 0));
        for (String attempt : new String[] {"-1", "\"2\"", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> ExtractionMessage.parse(base + ",\"attempt\":" + attempt + "}"))
                    .as(attempt).isInstanceOf(ExtractionMessage.PoisonMessageException.class);
        }
    }
}
