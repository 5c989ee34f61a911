package io.medextract.handlers.lambda;

import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;

/**
 * Registers our CRaC resources with the global context and keeps them reachable (CRaC holds resources weakly, so
 * a hook nobody else references would be collected before the snapshot and silently never run).
 */
public final class SnapStartHooks {

    private static final List<Resource> REGISTERED = new ArrayList<>();

    private SnapStartHooks() {}

    public static synchronized void register(Resource resource) {
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    /**
     * What a SnapStart checkpoint followed by a restore does to the hooks registered so far: {@code beforeCheckpoint}
     * in reverse registration order, then {@code afterRestore} in registration order
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html). For tests: outside a CRaC
     * runtime nothing else calls them.
     */
    static void checkpointThenRestore() throws Exception {
        List<Resource> resources;
        synchronized (SnapStartHooks.class) {
            resources = List.copyOf(REGISTERED);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).beforeCheckpoint(null);
        }
        for (Resource resource : resources) {
            resource.afterRestore(null);
        }
    }
}
