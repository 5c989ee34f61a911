package io.medextract.handlers.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Locale before = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    @Test
    void violationsReadInEnglishWhateverTheDefaultLocale() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"type":"object","required":["diagnosis"],"properties":{"age":{"type":"integer"}}}""");
        for (Locale locale : new Locale[] {Locale.GERMAN, Locale.FRENCH, Locale.JAPANESE}) {
            Locale.setDefault(locale);
            Set<ValidationMessage> messages = JsonSchemas.compile(schema).validate(JSON.readTree("{\"age\":\"x\"}"));
            assertThat(messages).extracting(ValidationMessage::getMessage).as("messages under %s", locale)
                    .containsExactlyInAnyOrder("$: required property 'diagnosis' not found",
                            "$.age: string found, integer expected");
        }
    }
}
