package io.medextract.handlers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** Converts between Jackson trees and the SDK's {@link Document} (tool schemas in, tool input out). */
final class SdkDocuments {

    private SdkDocuments() {}

    static Document fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Document.fromNull();
        }
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), fromJson(e.getValue())));
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>();
            node.forEach(n -> list.add(fromJson(n)));
            return Document.fromList(list);
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
        }
        return Document.fromString(node.asText());
    }

    static JsonNode toJson(Document doc) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (doc == null || doc.isNull()) {
            return f.nullNode();
        }
        if (doc.isMap()) {
            ObjectNode obj = f.objectNode();
            doc.asMap().forEach((k, v) -> obj.set(k, toJson(v)));
            return obj;
        }
        if (doc.isList()) {
            ArrayNode arr = f.arrayNode();
            doc.asList().forEach(v -> arr.add(toJson(v)));
            return arr;
        }
        if (doc.isBoolean()) {
            return f.booleanNode(doc.asBoolean());
        }
        if (doc.isNumber()) {
            return f.numberNode(doc.asNumber().bigDecimalValue());
        }
        return f.textNode(doc.asString());
    }
}
