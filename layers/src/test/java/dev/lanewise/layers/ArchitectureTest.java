package dev.lanewise.layers;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Layers sit on the kernels' public facades only, and never reach up into bench or the demo. */
class ArchitectureTest {
    private static final com.tngtech.archunit.core.domain.JavaClasses LAYERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lanewise.layers");

    @Test
    void layersDoNotDependOnBenchOrTheDemo() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.lanewise.layers..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lanewise.bench..", "dev.lanewise.mnist..");
        rule.check(LAYERS);
    }

    @Test
    void layersUseTheKernelFacadesNotTheirImplementations() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.lanewise.layers..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lanewise.kernels.simd..",
                        "dev.lanewise.kernels.reference..", "dev.lanewise.kernels.ops..", "jdk.incubator.vector..");
        rule.check(LAYERS);
    }
}
