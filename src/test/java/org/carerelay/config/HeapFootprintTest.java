package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessorsFactory;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Each case runs in a JVM of its own, started with the flags an operator might give it, and applies the post-processors
 * Spring Boot finds in {@code META-INF/spring.factories} as it does at start-up; the JVM then reports its flags.
 */
class HeapFootprintTest {

    @TempDir
    Path folder;

    @Test
    void aJvmWithItsDefaultsIsSetToGiveFreeHeapBackAndToCollectWhenIdle() throws Exception {
        assertThat(flagsOf(List.of(), Map.of()))
                .containsExactly(
                        "MinHeapFreeRatio=10 MANAGEMENT",
                        "MaxHeapFreeRatio=30 MANAGEMENT",
                        "G1PeriodicGCInterval=60000 MANAGEMENT");
    }

    @Test
    void flagsGivenOnTheCommandLineStandAndTheOtherRatioIsLeftWithThem() throws Exception {
        assertThat(flagsOf(List.of("-XX:MinHeapFreeRatio=20", "-XX:G1PeriodicGCInterval=0"), Map.of()))
                .containsExactly(
                        "MinHeapFreeRatio=20 VM_CREATION",
                        "MaxHeapFreeRatio=70 DEFAULT",
                        "G1PeriodicGCInterval=0 VM_CREATION");
    }

    @Test
    void aFlagGivenInJavaToolOptionsStands() throws Exception {
        assertThat(flagsOf(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxHeapFreeRatio=50")))
                .containsExactly(
                        "MinHeapFreeRatio=40 DEFAULT",
                        "MaxHeapFreeRatio=50 ENVIRON_VAR",
                        "G1PeriodicGCInterval=60000 MANAGEMENT");
    }

    @Test
    void anotherCollectorKeepsItsOwnSizing() throws Exception {
        assertThat(flagsOf(List.of("-XX:+UseSerialGC"), Map.of()))
                .containsExactly(
                        "MinHeapFreeRatio=40 DEFAULT", "MaxHeapFreeRatio=70 DEFAULT", "G1PeriodicGCInterval=0 DEFAULT");
    }

    @Test
    void turnedOffTheJvmKeepsItsOwnSizing() throws Exception {
        assertThat(flagsOf(List.of(), Map.of(), "--" + HeapFootprint.ENABLED + "=false"))
                .containsExactly(
                        "MinHeapFreeRatio=40 DEFAULT", "MaxHeapFreeRatio=70 DEFAULT", "G1PeriodicGCInterval=0 DEFAULT");
    }

    private List<String> flagsOf(List<String> jvmOptions, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
            // G1, as the JVM chooses it on a machine with two or more processors, unless the case names another
            command.add("-XX:+UseG1GC");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(folder, "child", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process child = builder.start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 60 s: " + Files.readString(output));
        }
        String printed = Files.readString(output);
        assertThat(child.exitValue()).as(printed).isZero();
        return printed.lines()
                .filter(line -> line.startsWith("flag "))
                .map(line -> line.substring(5))
                .toList();
    }

    /** Applies CareRelay's environment post-processors as Spring Boot does, then prints the three flags. */
    static final class Child {

        public static void main(String[] arguments) {
            List<EnvironmentPostProcessor> ours = EnvironmentPostProcessorsFactory.fromSpringFactories(
                            Child.class.getClassLoader())
                    .getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext())
                    .stream()
                    .filter(HeapFootprint.class::isInstance)
                    .collect(Collectors.toList());
            if (ours.size() != 1) {
                throw new IllegalStateException("HeapFootprint registered " + ours.size() + " times");
            }
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(arguments));
            ours.get(0).postProcessEnvironment(environment, new SpringApplication());
            HotSpotDiagnosticMXBean jvm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String flag : List.of(HeapFootprint.MIN_FREE, HeapFootprint.MAX_FREE, HeapFootprint.IDLE_INTERVAL)) {
                VMOption option = jvm.getVMOption(flag);
                System.out.println("flag " + flag + "=" + option.getValue() + " " + option.getOrigin());
            }
        }
    }
}
