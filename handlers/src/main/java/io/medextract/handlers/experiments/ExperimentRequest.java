package io.medextract.handlers.experiments;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.variants.PrimaryMetric;

/**
 * Body of POST /api/experiments (all of name, variants, primaryMetric required) and PATCH (any subset).
 * Weights come either from {@code split} ("50/50", "80/20", "95/5" for two variants) or from every
 * variant's {@code weight}, summing to 100.
 */
public record ExperimentRequest(String name, String label, List<VariantRequest> variants, String split,
                                String primaryMetric, Double minimumDetectableEffect, Double alpha, Double power) {

    static final Map<String, int[]> PRESETS = Map.of("50/50", new int[] {50, 50}, "80/20", new int[] {80, 20},
            "95/5", new int[] {95, 5});
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}");
    private static final Pattern VARIANT = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** One requested variant. */
    public record VariantRequest(String name, String promptVersion, Integer weight) {
        @JsonCreator
        public VariantRequest(@JsonProperty("name") String name, @JsonProperty("promptVersion") String promptVersion,
                              @JsonProperty("weight") Integer weight) {
            this.name = name;
            this.promptVersion = promptVersion;
            this.weight = weight;
        }
    }

    @JsonCreator
    public ExperimentRequest(@JsonProperty("name") String name, @JsonProperty("label") String label,
                             @JsonProperty("variants") List<VariantRequest> variants,
                             @JsonProperty("split") String split,
                             @JsonProperty("primaryMetric") String primaryMetric,
                             @JsonProperty("minimumDetectableEffect") Double minimumDetectableEffect,
                             @JsonProperty("alpha") Double alpha, @JsonProperty("power") Double power) {
        this.name = name;
        this.label = label;
        this.variants = variants;
        this.split = split;
        this.primaryMetric = primaryMetric;
        this.minimumDetectableEffect = minimumDetectableEffect;
        this.alpha = alpha;
        this.power = power;
    }

    /** True when the request sets no field at all. */
    boolean isEmpty() {
        return name == null && label == null && variants == null && split == null && primaryMetric == null
                && minimumDetectableEffect == null && alpha == null && power == null;
    }

    public static ExperimentRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("request body is required");
        }
        try {
            ExperimentRequest r = Json.mapper().readValue(body, ExperimentRequest.class);
            if (r == null) {
                throw ApiException.badRequest("body must be a JSON object");
            }
            return r;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "'; allowed: name, label, variants,"
                    + " split, primaryMetric, minimumDetectableEffect, alpha, power");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw ApiException.badRequest(field == null ? "body must be a JSON object"
                    : "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
    }

    /** A complete experiment definition from a create request. */
    Experiment toNewExperiment(String id, java.time.Instant now, PromptRegistry prompts, String defaultLabel) {
        if (name == null || variants == null || primaryMetric == null) {
            throw ApiException.badRequest("name, variants and primaryMetric are required");
        }
        Experiment draft = new Experiment(id, "x", defaultLabel, List.of(new Experiment.Variant("a", "x@1", 100)),
                PrimaryMetric.FIELD_COMPLETENESS, 0.05, 0.05, 0.8, ExperimentStatus.DRAFT, 0, now, null, null, null, null);
        return applyTo(draft, prompts);
    }

    /** {@code base} with the fields of this request laid over it, validated as a whole. */
    Experiment applyTo(Experiment base, PromptRegistry prompts) {
        String newName = name != null ? name : base.name();
        if (!NAME.matcher(newName).matches()) {
            throw ApiException.badRequest("name must be 1-100 letters, digits, spaces, '_', '.' or '-'");
        }
        String newLabel = label != null ? label : base.label();
        if (!LABEL.matcher(newLabel).matches()) {
            throw ApiException.badRequest("label must be lower-case letters, digits and '-' (e.g. production)");
        }
        PrimaryMetric metric = base.primaryMetric();
        if (primaryMetric != null) {
            try {
                metric = PrimaryMetric.valueOf(primaryMetric);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("primaryMetric must be one of FIELD_COMPLETENESS, SUCCESS_RATE, LATENCY, COST");
            }
        }
        double mde = minimumDetectableEffect != null ? minimumDetectableEffect : base.minimumDetectableEffect();
        double a = alpha != null ? alpha : base.alpha();
        double p = power != null ? power : base.power();
        if (!(mde > 0) || ((metric == PrimaryMetric.FIELD_COMPLETENESS || metric == PrimaryMetric.SUCCESS_RATE) && mde >= 1)) {
            throw ApiException.badRequest("minimumDetectableEffect must be positive (and below 1 for shares)");
        }
        if (!(a > 0 && a <= 0.2)) {
            throw ApiException.badRequest("alpha must be in (0, 0.2]");
        }
        if (!(p >= 0.5 && p <= 0.99)) {
            throw ApiException.badRequest("power must be in [0.5, 0.99]");
        }
        List<Experiment.Variant> newVariants = variants != null || split != null
                ? variants(variants != null ? variants : asRequests(base.variants()), prompts)
                : base.variants();
        return new Experiment(base.id(), newName, newLabel, newVariants, metric, mde, a, p, base.status(),
                base.version(), base.createdAt(), base.startedAt(), base.stoppedAt(), base.promotedVariant(),
                base.previousLabelVersion());
    }

    private List<Experiment.Variant> variants(List<VariantRequest> requested, PromptRegistry prompts) {
        if (requested.size() < 2 || requested.size() > 5) {
            throw ApiException.badRequest("an experiment needs 2 to 5 variants; the first is the control");
        }
        int[] weights = new int[requested.size()];
        if (split != null) {
            int[] preset = PRESETS.get(split);
            if (preset == null || preset.length != requested.size()) {
                throw ApiException.badRequest("split must be 50/50, 80/20 or 95/5 (two variants); otherwise give"
                        + " each variant a weight");
            }
            if (requested.stream().anyMatch(v -> v.weight() != null)) {
                throw ApiException.badRequest("give either split or per-variant weights, not both");
            }
            weights = preset;
        } else {
            int sum = 0;
            for (int i = 0; i < requested.size(); i++) {
                Integer w = requested.get(i).weight();
                if (w == null || w < 1 || w > 99) {
                    throw ApiException.badRequest("every variant needs a weight between 1 and 99 (or use split)");
                }
                weights[i] = w;
                sum += w;
            }
            if (sum != 100) {
                throw ApiException.badRequest("variant weights must sum to 100, got " + sum);
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> versions = new HashSet<>();
        List<Experiment.Variant> out = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            VariantRequest v = requested.get(i);
            if (v == null || v.name() == null || !VARIANT.matcher(v.name()).matches()) {
                throw ApiException.badRequest("variant names must be lower-case letters, digits and '-'");
            }
            if (v.promptVersion() == null || !PromptTemplate.isWellFormedId(v.promptVersion())) {
                throw ApiException.badRequest("variant promptVersion must look like name@version");
            }
            if (prompts.find(v.promptVersion()).isEmpty()) {
                throw ApiException.badRequest("unknown promptVersion '" + v.promptVersion() + "'");
            }
            if (!names.add(v.name()) || !versions.add(v.promptVersion())) {
                throw ApiException.badRequest("variant names and prompt versions must be unique");
            }
            out.add(new Experiment.Variant(v.name(), v.promptVersion(), weights[i]));
        }
        return out;
    }

    private static List<VariantRequest> asRequests(List<Experiment.Variant> variants) {
        return variants.stream().map(v -> new VariantRequest(v.name(), v.promptVersion(), null)).toList();
    }
}
