package io.medextract.tests.localmode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's resource templates ({@code /api/extract/{id}}), read from the OpenAPI description the construct
 * ships (its paths equal the deployed API: OpenApiSpecTest), so a request path is matched to its resource and
 * path parameters the way API Gateway matches it. Literal segments win over {@code {param}} segments.
 */
final class ApiRouteTemplates {

    static final String SPEC = "/io/medextract/cdk/openapi.yaml";
    private static final Pattern PATH_LINE = Pattern.compile("^  (/api/\\S*):\\s*$");

    /** A matched request: the resource template and the values of its path parameters. */
    record Match(String resource, Map<String, String> pathParameters) {}

    private final List<String> templates;

    ApiRouteTemplates(List<String> templates) {
        this.templates = templates.stream()
                .sorted((a, b) -> Long.compare(a.chars().filter(c -> c == '{').count(), b.chars().filter(c -> c == '{').count()))
                .toList();
    }

    static ApiRouteTemplates fromShippedSpec() {
        try (InputStream in = ApiRouteTemplates.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is not on the classpath");
            }
            List<String> paths = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = PATH_LINE.matcher(line);
                if (m.matches()) {
                    paths.add(m.group(1));
                }
            }
            return new ApiRouteTemplates(paths);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> templates() {
        return templates;
    }

    Optional<Match> match(String path) {
        String[] parts = path.split("/", -1);
        for (String template : templates) {
            String[] want = template.split("/", -1);
            if (want.length != parts.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < want.length && matches; i++) {
                if (want[i].startsWith("{") && want[i].endsWith("}")) {
                    matches = !parts[i].isEmpty();
                    params.put(want[i].substring(1, want[i].length() - 1),
                            java.net.URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8));
                } else {
                    matches = want[i].equals(parts[i]);
                }
            }
            if (matches) {
                return Optional.of(new Match(template, params));
            }
        }
        return Optional.empty();
    }
}
