package org.carerelay.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Gives heap the server no longer uses back to the operating system. With the JVM's defaults G1 keeps up to 70 % of
 * the heap free once it has grown it (during start-up, for a large transaction, for a bulk load) and never collects an
 * idle heap: after the Synthea ingest a server held 1.7 GB of heap with 0.35 GB in use, and 70 s idle after a burst
 * of creates it was still 2.1 GB resident (bench/README, sixteenth session). Set before the application context
 * starts, through the JVM's manageable flags:
 *
 * <ul>
 *   <li>{@code MinHeapFreeRatio} 10 and {@code MaxHeapFreeRatio} 30: after a collection that looks at the whole heap
 *       (G1's remark, a full collection) heap beyond 30 % free is given back;
 *   <li>{@code G1PeriodicGCInterval} one minute: a server without a collection for a minute (idle) runs a concurrent
 *       one, which gives back what the last burst left (G1 looks once a minute, so one to two minutes after the last).
 * </ul>
 *
 * Only under G1 (the JVM's choice with two processors and 2 GB or more): the other collectors size their heaps by rules
 * of their own. A flag the operator set (command line, {@code JAVA_TOOL_OPTIONS}) stands, and the two ratios are only
 * set together; {@value #ENABLED}{@code =false} leaves all three as the JVM has them.
 */
public final class HeapFootprint implements EnvironmentPostProcessor {

    static final String ENABLED = "carerelay.memory.return-free-heap";

    static final String MIN_FREE = "MinHeapFreeRatio";
    static final String MAX_FREE = "MaxHeapFreeRatio";
    static final String IDLE_INTERVAL = "G1PeriodicGCInterval";

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
            HotSpotDiagnosticMXBean jvm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!"true".equals(jvm.getVMOption("UseG1GC").getValue())) {
                log.info("The JVM's heap sizing is left as it is: the collector is not G1");
                return;
            }
            Map<String, String> changed = apply(jvm);
            if (!changed.isEmpty()) {
                log.info("Free heap is given back to the operating system (" + ENABLED + "): " + changed);
            }
        } catch (RuntimeException e) {
            // a JVM without HotSpot's manageable flags keeps its own behaviour
            log.info("The JVM's heap sizing is left as it is (" + e + ")");
        }
    }

    /** Sets each flag the operator has not; what it set, in order. */
    static Map<String, String> apply(HotSpotDiagnosticMXBean jvm) {
        Map<String, String> changed = new LinkedHashMap<>();
        if (unset(jvm, MIN_FREE) && unset(jvm, MAX_FREE)) {
            // the minimum first: the maximum may never be below it
            set(jvm, MIN_FREE, "10", changed);
            set(jvm, MAX_FREE, "30", changed);
        }
        if (unset(jvm, IDLE_INTERVAL)) {
            set(jvm, IDLE_INTERVAL, "60000", changed);
        }
        return changed;
    }

    private static void set(HotSpotDiagnosticMXBean jvm, String flag, String value, Map<String, String> changed) {
        jvm.setVMOption(flag, value);
        changed.put(flag, value);
    }

    private static boolean unset(HotSpotDiagnosticMXBean jvm, String flag) {
        VMOption.Origin origin = jvm.getVMOption(flag).getOrigin();
        return origin == VMOption.Origin.DEFAULT || origin == VMOption.Origin.ERGONOMIC;
    }
}
