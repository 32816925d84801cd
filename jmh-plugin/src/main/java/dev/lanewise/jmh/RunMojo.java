package dev.lanewise.jmh;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mvn -pl bench jmh:run}: builds the bench module (a forked lifecycle up to {@code package}, which also
 * runs the JDK toolchain selection bound to {@code validate}), then runs the bench launcher in a new JVM of the
 * selected JDK with {@code --add-modules jdk.incubator.vector}. Everything about benchmarks, JMH options,
 * summaries and charts is the launcher's job; this goal only finds the JDK and the class path.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PACKAGE)
public class RunMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Component
    private ToolchainManager toolchainManager;

    /** The JMH command line, passed through unchanged, e.g. {@code "Gemm -p strategy=VECTOR_DOT -prof gc"}. */
    @Parameter(property = "jmh.args", defaultValue = "")
    private String args;

    /** Quick smoke mode: one fork and short iterations, unless {@code jmh.args} sets them. */
    @Parameter(property = "jmh.quick", defaultValue = "false")
    private boolean quick;

    /** A previous run's JMH JSON result: the launcher then also writes and prints {@code jmh-compare.md}. */
    @Parameter(property = "jmh.compare")
    private File compare;

    /** The launcher's main class. */
    @Parameter(property = "jmh.launcher", defaultValue = "dev.lanewise.bench.BenchLauncher")
    private String launcher;

    /** Where the launcher writes the JMH JSON, the summary and the chart. */
    @Parameter(property = "jmh.outputDirectory", defaultValue = "${project.build.directory}")
    private File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String java = javaExecutable();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        // The launcher probes the bench's native peers (OpenBLAS, ONNX Runtime) before running them.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Djava.awt.headless=true");
        if (accepts(java, UNSAFE_ACCESS)) {
            // JEP 498's documented switch (JDK 23+): JMH calls sun.misc.Unsafe, which otherwise warns.
            command.add(UNSAFE_ACCESS);
        }
        command.add("-cp");
        command.add(classPath());
        command.add(launcher);
        command.add("--output-dir");
        command.add(outputDirectory.getAbsolutePath());
        if (quick) {
            command.add("--quick");
        }
        if (compare != null) {
            command.add("--compare");
            command.add(compare.getAbsolutePath());
        }
        command.add("--jmh-args");
        command.add(args == null ? "" : args);
        getLog().info("Forking the bench launcher with " + java);
        getLog().debug(String.join(" ", command));
        int exit;
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            exit = process.waitFor();
        } catch (IOException e) {
            throw new MojoExecutionException("could not start " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while benchmarks were running", e);
        }
        if (exit != 0) {
            throw new MojoFailureException("the bench launcher exited with status " + exit + " (see its output above)");
        }
    }

    private static final String UNSAFE_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /** Whether {@code java} starts with {@code option} (a JDK too old for it refuses to start). */
    private static boolean accepts(String java, String option) {
        try {
            Process p = new ProcessBuilder(java, option, "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The JDK the build selected (toolchain), else the JDK running Maven if it is new enough. */
    private String javaExecutable() throws MojoFailureException {
        Toolchain toolchain = toolchainManager.getToolchainFromBuildContext("jdk", session);
        if (toolchain != null) {
            String tool = toolchain.findTool("java");
            if (tool != null) {
                return tool;
            }
        }
        if (Runtime.version().feature() >= 21) {
            return new File(System.getProperty("java.home"), "bin" + File.separator + "java").getPath();
        }
        throw new MojoFailureException("No JDK >= 21 was selected: the bench needs one (Vector API). Install a JDK 21+ "
                + "in a standard location; the build's maven-toolchains-plugin select-jdk-toolchain finds it.");
    }

    private String classPath() throws MojoExecutionException {
        try {
            return String.join(File.pathSeparator, project.getRuntimeClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the bench class path is not resolved: " + e.getMessage(), e);
        }
    }
}
