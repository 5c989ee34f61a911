package io.medextract.handlers.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.util.Locale;

/**
 * Compiles JSON schemas (draft 2020-12) the one way every caller needs: violation messages in English whatever
 * the JVM's default locale, because they reach API answers and synth errors. The function packages ship only
 * the validator's base (English) message bundle, so the messages read the same on Lambda as in the tests.
 *
 * <p>The validator library (~160 classes) loads when a schema is first compiled, not when a function starts.
 */
public final class JsonSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // The factory's own defaults (legacy "$.a.b" paths, which callers strip and API answers show), English added:
    // ROOT asks for the base bundle without falling back to the default locale's translation.
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder(new SchemaValidatorsConfig()).locale(Locale.ROOT).build();

    private JsonSchemas() {}

    public static JsonSchema compile(JsonNode schema) {
        return FACTORY.getSchema(schema, CONFIG);
    }

    public static JsonSchema compile(InputStream schema) {
        return FACTORY.getSchema(schema, CONFIG);
    }
}
