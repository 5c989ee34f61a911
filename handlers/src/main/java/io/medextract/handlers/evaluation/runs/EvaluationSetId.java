package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.http.ApiException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One version of a named evaluation set, written {@code name@version} (e.g. {@code discharge-summaries@2}). */
public record EvaluationSetId(String name, int version) {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    private static final Pattern ID = Pattern.compile("([a-z][a-z0-9-]{1,62})@([1-9][0-9]{0,5})");

    /** {@code name@version}; 400 for anything else. */
    public static EvaluationSetId parse(String text) {
        Matcher m = text == null ? null : ID.matcher(text);
        if (m == null || !m.matches()) {
            throw ApiException.badRequest("evaluation set must look like name@version, e.g. discharge-summaries@1");
        }
        return new EvaluationSetId(m.group(1), Integer.parseInt(m.group(2)));
    }

    public static boolean isName(String text) {
        return text != null && NAME.matcher(text).matches();
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
