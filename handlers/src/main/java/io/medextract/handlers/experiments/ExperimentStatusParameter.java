package io.medextract.handlers.experiments;

import io.medextract.handlers.http.ApiException;
import java.util.Arrays;
import java.util.stream.Collectors;
import io.medextract.handlers.variants.ExperimentStatus;

/** An experiment status named by a caller: one of the enum's names exactly, else a 400 that lists them. */
final class ExperimentStatusParameter {

    private ExperimentStatusParameter() {}

    static ExperimentStatus parse(String value, String parameter) {
        for (ExperimentStatus status : ExperimentStatus.values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw ApiException.badRequest(parameter + " must be one of " + Arrays.stream(ExperimentStatus.values())
                .map(Enum::name).collect(Collectors.joining(", ")));
    }
}
