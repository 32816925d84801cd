package dev.lanewise.kernels;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The kernels module depends on the JDK only, and only the simd package may touch the incubator Vector API. */
@AnalyzeClasses(packages = "dev.lanewise", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule kernelsDependOnTheJdkOnly = classes()
            .that().resideInAPackage("dev.lanewise.kernels..")
            .should().onlyDependOnClassesThat()
            // com.sun.management: the JDK's jdk.management module, which Vectorization asks whether C2 is on.
            .resideInAnyPackage("dev.lanewise.kernels..", "java..", "jdk.incubator.vector..", "com.sun.management..");

    /**
     * Facades and references are loaded even when the JVM lacks {@code --add-modules jdk.incubator.vector};
     * only classes in {@code simd} (loaded after {@link Vectorization} said yes) may name Vector API types.
     */
    @ArchTest
    static final ArchRule onlySimdTouchesTheVectorApi = noClasses()
            .that().resideOutsideOfPackage("dev.lanewise.kernels.simd..")
            .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..");

    @ArchTest
    static final ArchRule referencesStayIndependentOfTheVectorKernels = noClasses()
            .that().resideInAPackage("dev.lanewise.kernels.reference..")
            .should().dependOnClassesThat().resideInAPackage("dev.lanewise.kernels.simd..");

    /**
     * One provider decides: the public facades reach an implementation only through
     * {@code ops.KernelProvider}, never by naming a vector or reference class themselves.
     */
    @ArchTest
    static final ArchRule facadesDelegateThroughTheProvider = noClasses()
            .that().resideInAPackage("dev.lanewise.kernels")
            .and().doNotHaveSimpleName("Vectorization")   // the decider probes the CPU's species
            .and().doNotHaveSimpleName("GemmBlocking")    // the public view of the tile registry
            .should().dependOnClassesThat().resideInAnyPackage("dev.lanewise.kernels.simd..",
                    "dev.lanewise.kernels.reference..");
}
