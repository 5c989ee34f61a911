package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** A platform synthesized in a fresh app and stack, with lookups the template tests share. */
final class SynthesizedPlatform {

    final Stack stack;
    final MedExtractPlatform platform;
    final Template template;

    private SynthesizedPlatform(MedExtractPlatformProps props) {
        App app = new App();
        this.stack = new Stack(app, "TestStack");
        this.platform = new MedExtractPlatform(stack, "Platform", props);
        this.template = Template.fromStack(stack);
    }

    private SynthesizedPlatform(Stack stack, MedExtractPlatform platform) {
        this.stack = stack;
        this.platform = platform;
        this.template = Template.fromStack(stack);
    }

    /** A platform a test built in its own stack (with other resources, e.g. a user pool). */
    static SynthesizedPlatform wrap(Stack stack, MedExtractPlatform platform) {
        return new SynthesizedPlatform(stack, platform);
    }

    static SynthesizedPlatform of(MedExtractPlatformProps props) {
        return new SynthesizedPlatform(props);
    }

    static SynthesizedPlatform of(DeploymentStage stage) {
        return of(MedExtractPlatformProps.builder().stage(stage).build());
    }

    Map<String, Map<String, Object>> resources(String type) {
        return template.findResources(type);
    }

    /** The CloudFormation properties of the function running {@code kind}'s handler. */
    @SuppressWarnings("unchecked")
    Map<String, Object> functionProperties(PlatformFunction kind) {
        List<Map<String, Object>> matches = resources("AWS::Lambda::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> kind.handler().equals(p.get("Handler")))
                .collect(Collectors.toList());
        if (matches.size() != 1) {
            throw new AssertionError("expected one function for " + kind + ", found " + matches.size());
        }
        return matches.get(0);
    }

    String logicalId(Object construct) {
        return stack.getLogicalId((software.amazon.awscdk.CfnElement)
                ((software.constructs.IConstruct) construct).getNode().getDefaultChild());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
