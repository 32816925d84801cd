package dev.lanewise.bench;

import java.util.Map;

/**
 * The work one benchmark operation does, so the summary can turn time into a rate: floating-point operations
 * where the kernel's flop count is standard (GEMM 2mnk, Conv1d 2·N·Cout·Cin·K·Lout, the FMA peak, the GEMMs of
 * a layer or training step), elements
 * processed for the memory-bound kernels.
 */
record Workload(double amount, Unit unit) {

    enum Unit {
        FLOP("GFLOP/s", 1e9), ELEMENT("Melem/s", 1e6);

        final String rateLabel;
        final double scale;

        Unit(String rateLabel, double scale) {
            this.rateLabel = rateLabel;
            this.scale = scale;
        }
    }

    /** Rate in the unit's label (GFLOP/s or Melem/s) for one operation taking {@code seconds}, all threads counted. */
    double rate(double seconds, int threads) {
        return amount * threads / seconds / unit.scale;
    }

    /** The workload of {@code benchmark} (Class.method) with these parameters, or null when none is defined. */
    static Workload of(String benchmark, Map<String, String> params) {
        String[] parts = benchmark.split("\\.");
        String type = parts[0];
        String method = parts.length > 1 ? parts[1] : "";
        return switch (type) {
            case "GemmBench", "GemmTune" -> new Workload(GemmShape.parse(params.get("shape")).flops(), Unit.FLOP);
            case "Conv1dBench" -> new Workload(ConvShape.forwardFlops(ConvShape.parse(params.get("geometry")))
                    * (method.equals("forwardBackward") ? 3 : 1), Unit.FLOP);
            case "PeakFlops" -> new Workload(PeakFlops.flopsPerOp(), Unit.FLOP);
            case "TrainStepBench" -> new Workload(MlpShape.parse(params.get("mlp")).stepFlops(), Unit.FLOP);
            case "LinearLayerBench" -> {
                String[] p = params.get("shape").split("x");
                yield new Workload(2.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]),
                        Unit.FLOP);
            }
            case "BiasActivationBench", "SoftmaxCrossEntropyBench" ->
                    new Workload(MatrixShape.parse(params.get("shape")).elements(), Unit.ELEMENT);
            case "SigmoidTanhBench", "SmallKernelsBench" -> new Workload(Double.parseDouble(params.get("n")),
                    Unit.ELEMENT);
            default -> null;
        };
    }
}
