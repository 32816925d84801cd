package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Classification and regression losses are separate types: evaluating against the wrong targets does not compile. */
class LossTypesTest {

    /** Compiles {@code body} inside a method against the layers classes; returns the compiler's errors. */
    private static List<String> compile(String body) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String source = "import dev.lanewise.layers.*;\nclass Probe { void run(Tensor output, int[] labels, Tensor targets) { "
                + body + " } }";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Probe.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Path out = Files.createTempDirectory("probe");
        String classPath = Path.of(Loss.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator + System.getProperty("java.class.path");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        javac.getTask(null, null, diagnostics, List.of("-proc:none", "-cp", classPath, "-d", out.toString()), null,
                List.of(file)).call();
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).map(d -> d.getMessage(null)).toList();
    }

    @Test
    void theRightTargetsCompileAndTheWrongOnesDoNot() throws Exception {
        assertThat(compile("new SoftmaxCrossEntropy().evaluate(output, labels);"
                + " new MulticlassHinge().evaluate(output, labels); new MeanSquaredError().evaluate(output, targets);"))
                .isEmpty();
        assertThat(compile("new MeanSquaredError().evaluate(output, labels);")).isNotEmpty();
        assertThat(compile("new SoftmaxCrossEntropy().evaluate(output, targets);")).isNotEmpty();
        assertThat(compile("Loss any = new MeanSquaredError(); any.evaluate(output, labels);")).isNotEmpty();
    }

    @Test
    void aBatchOfTheOtherKindIsRejectedByName() {
        Batch regression = Dataset.of(Tensor.zeros(2, 3), Tensor.zeros(2, 3)).batches(2).get(0);
        Batch labelled = Dataset.of(Tensor.zeros(2, 3), new int[]{0, 1}).batches(2).get(0);
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().evaluate(Tensor.zeros(2, 3), regression))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a batch with class labels");
        assertThatThrownBy(() -> new MeanSquaredError().evaluate(Tensor.zeros(2, 3), labelled))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a batch with regression");
        assertThat(new SoftmaxCrossEntropy().classification()).isTrue();
        assertThat(new MeanSquaredError().classification()).isFalse();
    }
}
