package io.medextract.tests.local;

import io.medextract.cdk.PlatformFunction;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/**
 * The environment the construct gives each function, read from the synthesized dev platform, so tests and local
 * runs use the construct's variables rather than a hand-kept copy. Values that name a resource (a Ref or GetAtt of a
 * table, bucket or queue) are replaced by the local stand-in's name for it; a reference nobody stands in for fails.
 */
public final class TemplateEnvironment {

    private TemplateEnvironment() {}

    /** Each function's variables in the dev platform: plain values as strings, resource references as their JSON. */
    public static synchronized Map<PlatformFunction, Map<String, Object>> synthesized() {
        return synthesized(ConstructTables.template());
    }

    /** Each function's variables in {@code template}. */
    public static Map<PlatformFunction, Map<String, Object>> synthesized(Template template) {
        Map<PlatformFunction, Map<String, Object>> found = new EnumMap<>(PlatformFunction.class);
        template.findResources("AWS::Lambda::Function").values().forEach(resource -> {
            Map<String, Object> properties = ConstructTables.cast(resource.get("Properties"));
            for (PlatformFunction kind : PlatformFunction.values()) {
                if (kind.handler().equals(properties.get("Handler"))) {
                    Map<String, Object> environment = ConstructTables.cast(properties.get("Environment"));
                    found.put(kind, Map.copyOf(ConstructTables.cast(environment.get("Variables"))));
                }
            }
        });
        if (found.size() != PlatformFunction.values().length) {
            throw new IllegalStateException("the synthesized platform has functions " + found.keySet());
        }
        return found;
    }

    /**
     * {@code kind}'s variables with every resource reference replaced by {@code localNames}' value for that
     * variable (e.g. DYNAMODB_TABLE -> the local table's name).
     */
    public static Map<String, String> localized(PlatformFunction kind, Map<String, String> localNames) {
        return localized(synthesized().get(kind), kind, localNames);
    }

    /** As {@link #localized(PlatformFunction, Map)}, for {@code variables} of {@code kind} from another template. */
    public static Map<String, String> localized(Map<String, Object> variables, PlatformFunction kind,
                                               Map<String, String> localNames) {
        Map<String, String> env = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (value instanceof String plain) {
                env.put(name, plain);
            } else if (localNames.containsKey(name)) {
                env.put(name, localNames.get(name));
            } else {
                throw new IllegalStateException("the construct sets " + name + " on the " + kind
                        + " function from a resource (" + value + ") that has no local stand-in: name one");
            }
        });
        return env;
    }
}
