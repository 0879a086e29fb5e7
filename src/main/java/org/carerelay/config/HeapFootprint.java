package org.carerelay.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Gives heap the server no longer uses back to the operating system. With the JVM's defaults the collector keeps up to
 * 70 % of the heap free once it has grown it (during start-up, for a large transaction, for a bulk load) and never
 * collects an idle heap: a server that had ingested the Synthea population still held 1.7 GB of heap with 0.35 GB in
 * use (bench/README). Set before the application context starts, through the JVM's manageable flags:
 *
 * <ul>
 *   <li>{@code MinHeapFreeRatio} 10 and {@code MaxHeapFreeRatio} 30: after a collection that looks at the whole heap
 *       (G1's remark, a full collection) heap beyond 30 % free is given back;
 *   <li>{@code G1PeriodicGCInterval} one minute: a server without a collection for that long (idle) runs a concurrent
 *       one, which gives back what the last burst left.
 * </ul>
 *
 * A flag the operator set (command line, {@code JAVA_TOOL_OPTIONS}) stands, and the two ratios are only set together;
 * {@value #ENABLED}{@code =false} leaves all three as the JVM has them.
 */
public final class HeapFootprint implements EnvironmentPostProcessor {

    static final String ENABLED = "carerelay.memory.return-free-heap";

    /** Each flag and the value given it, in the order they are set (the maximum may never be below the minimum). */
    static final Map<String, String> FLAGS = flags();

    private final Log log;

    public HeapFootprint(DeferredLogFactory logs) {
        this.log = logs.getLog(HeapFootprint.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        try {
            Map<String, String> changed = apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
            if (!changed.isEmpty()) {
                log.info("Free heap is given back to the operating system (" + ENABLED + "): " + changed);
            }
        } catch (RuntimeException e) {
            // a JVM without HotSpot's manageable flags keeps its own behaviour
            log.info("The JVM's heap sizing is left as it is (" + e + ")");
        }
    }

    /** Sets each flag the operator has not; what it set. */
    static Map<String, String> apply(HotSpotDiagnosticMXBean jvm) {
        boolean ratiosUnset = unset(jvm, "MinHeapFreeRatio") && unset(jvm, "MaxHeapFreeRatio");
        Map<String, String> changed = new LinkedHashMap<>();
        FLAGS.forEach((flag, value) -> {
            if (flag.endsWith("HeapFreeRatio") ? ratiosUnset : unset(jvm, flag)) {
                jvm.setVMOption(flag, value);
                changed.put(flag, value);
            }
        });
        return changed;
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("MinHeapFreeRatio", "10");
        flags.put("MaxHeapFreeRatio", "30");
        flags.put("G1PeriodicGCInterval", "60000");
        return Collections.unmodifiableMap(flags);
    }

    private static boolean unset(HotSpotDiagnosticMXBean jvm, String flag) {
        VMOption.Origin origin = jvm.getVMOption(flag).getOrigin();
        return origin == VMOption.Origin.DEFAULT || origin == VMOption.Origin.ERGONOMIC;
    }
}
