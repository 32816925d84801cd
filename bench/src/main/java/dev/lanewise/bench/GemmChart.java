package dev.lanewise.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PNG chart of single-thread GEMM GFLOP/s versus square size: one line per strategy with 99.9% error bars, on a
 * log₂ size axis (the squares double), the measured FMA peak dashed, the memory roof (measured triad bandwidth ×
 * arithmetic intensity) dotted where it falls inside the plot; a run of a single size is a bar chart
 * instead. Every strategy keeps its colour from run to run (the peer OpenBLAS in black), and the legend sits
 * outside the plot so it hides no line.
 */
final class GemmChart {
    private static final Map<String, Color> COLOURS = Map.of(
            "NAIVE", new Color(0x9E9E9E), "VECTOR_DOT", new Color(0x1F77B4), "VECTOR_AXPY", new Color(0x2CA02C),
            "PACKED", new Color(0xD62728), "PREPACKED", new Color(0xFF7F0E), "AUTO", new Color(0x9467BD),
            "DIRECT", new Color(0x17BECF), "OPENBLAS", Color.BLACK);
    private static final Color PEAK = new Color(0x8C564B);

    private GemmChart() {
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    private static Color colour(String strategy) {
        return COLOURS.getOrDefault(strategy, new Color(0x17BECF));
    }

    /** Writes the chart and returns true, or returns false when the run measured no square size. */
    static boolean write(Map<String, Map<Integer, Measurement>> series, Optional<Double> peak, Path png)
            throws IOException {
        return write(series, peak, Optional.empty(), png);
    }

    /**
     * With the memory roof too: bandwidth (GB/s) × a square product's arithmetic intensity, 2n³ flops over the 12n²
     * bytes of reading A and B and writing C once = n/6 FLOP per byte (above the peak, the product is compute bound).
     */
    static boolean write(Map<String, Map<Integer, Measurement>> series, Optional<Double> peak,
                         Optional<Double> bandwidth, Path png) throws IOException {
        if (series.isEmpty()) {
            return false;
        }
        boolean single = series.values().stream().flatMap(m -> m.keySet().stream()).distinct().count() == 1;
        Chart<?, ?> chart = single ? bars(series, peak) : lines(series, peak, bandwidth);
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static String peakLabel(double peak) {
        return String.format(Locale.ROOT, "FMA peak %.0f GFLOP/s", peak);
    }

    /**
     * A quarter above the highest rate or the peak: rates and peak stay readable however wide a noisy run's error
     * bars are (those are clipped at the top; the summary's flags name the noisy rows).
     */
    private static double yMax(Map<String, Map<Integer, Measurement>> series, Optional<Double> peak) {
        double top = peak.orElse(0.0);
        for (Map<Integer, Measurement> s : series.values()) {
            for (Measurement m : s.values()) {
                top = Math.max(top, m.rate());
            }
        }
        return Math.ceil(1.25 * top / 10) * 10;
    }

    private static double error(Measurement m) {
        return m.rate() * m.errorSeconds() / m.medianSeconds();   // first order: rate = work / time
    }

    private static XYChart lines(Map<String, Map<Integer, Measurement>> series, Optional<Double> peak,
                                 Optional<Double> bandwidth) {
        XYChart chart = new XYChartBuilder().width(1000).height(560)
                .title("lanewise GEMM, one thread: GFLOP/s by strategy (m = k = n, no transposes; 99.9% intervals)")
                .xAxisTitle("n (log scale)").yAxisTitle("GFLOP/s").build();
        // x = log2(n), labelled as n: the squares double in size, so they sit evenly spaced.
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> String.valueOf(Math.round(Math.pow(2, x))));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(yMax(series, peak));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        int minN = Integer.MAX_VALUE, maxN = 0;
        for (Map.Entry<String, Map<Integer, Measurement>> s : series.entrySet()) {
            List<Integer> ns = List.copyOf(s.getValue().keySet());
            List<Double> xs = ns.stream().map(GemmChart::log2).toList();
            List<Double> ys = ns.stream().map(n -> s.getValue().get(n).rate()).toList();
            List<Double> errors = ns.stream().map(n -> {
                double e = error(s.getValue().get(n));
                return Double.isNaN(e) ? 0.0 : e;
            }).toList();
            minN = Math.min(minN, ns.get(0));
            maxN = Math.max(maxN, ns.get(ns.size() - 1));
            XYSeries line = chart.addSeries(s.getKey(), xs, ys, errors);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineColor(colour(s.getKey()));
            line.setMarkerColor(colour(s.getKey()));
        }
        double top = yMax(series, peak);
        List<Integer> below = bandwidth.isEmpty() ? List.of() : series.values().stream()
                .flatMap(m -> m.keySet().stream()).distinct().sorted()
                .filter(n -> bandwidth.get() * n / 6.0 <= top).toList();
        if (!below.isEmpty()) {   // a roof above the plot everywhere: every size is compute bound, nothing to draw
            XYSeries roof = chart.addSeries(String.format(Locale.ROOT, "memory roof: %.1f GB/s × n/6 FLOP/B",
                            bandwidth.get()), below.stream().map(GemmChart::log2).toList(),
                    below.stream().map(n -> bandwidth.get() * n / 6.0).toList(), below.stream().map(n -> 0.0).toList());
            roof.setMarker(SeriesMarkers.NONE);
            roof.setLineColor(Color.GRAY);
            roof.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{2f, 3f}, 0f));
        }
        if (peak.isPresent()) {
            XYSeries line = chart.addSeries(peakLabel(peak.get()), List.of(log2(minN), log2(maxN)),
                    List.of(peak.get(), peak.get()), List.of(0.0, 0.0));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(PEAK);
            line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{6f, 4f}, 0f));
        }
        return chart;
    }

    private static CategoryChart bars(Map<String, Map<Integer, Measurement>> series, Optional<Double> peak) {
        int n = series.values().iterator().next().keySet().iterator().next();
        CategoryChart chart = new CategoryChartBuilder().width(900).height(560)
                .title("lanewise GEMM, one thread, n = " + n + ": GFLOP/s by strategy (99.9% intervals)")
                .xAxisTitle("strategy").yAxisTitle("GFLOP/s").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setOverlapped(true);   // one bar per category, each its strategy's own series
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setYAxisMax(yMax(series, peak));
        List<String> names = new ArrayList<>(series.keySet());
        peak.ifPresent(p -> names.add(peakLabel(p)));
        for (String name : names) {
            Measurement m = series.containsKey(name) ? series.get(name).get(n) : null;
            List<Double> values = new ArrayList<>(), errors = new ArrayList<>();
            for (String category : names) {
                boolean here = category.equals(name);
                values.add(here ? (m != null ? m.rate() : peak.orElse(0.0)) : 0.0);
                double e = here && m != null ? error(m) : 0.0;
                errors.add(Double.isNaN(e) ? 0.0 : e);
            }
            chart.addSeries(name, names, values, errors).setFillColor(m != null ? colour(name) : PEAK);
        }
        return chart;
    }

    /**
     * Speed-up over one thread versus threads, one line per strategy and shape, with the ideal (speed-up =
     * threads) dashed; returns false when no strategy and shape ran at several thread counts.
     */
    static boolean writeScaling(Map<String, Map<Integer, Double>> scaling, Path png) throws IOException {
        if (scaling.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(1000).height(560)
                .title("lanewise GEMM thread scaling: speed-up over one thread (medians)")
                .xAxisTitle("threads").yAxisTitle("speed-up").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        int maxThreads = 1;
        for (Map.Entry<String, Map<Integer, Double>> s : scaling.entrySet()) {
            List<Integer> ts = List.copyOf(s.getValue().keySet());
            maxThreads = Math.max(maxThreads, ts.get(ts.size() - 1));
            XYSeries line = chart.addSeries(s.getKey(), ts.stream().map(Integer::doubleValue).toList(),
                    ts.stream().map(s.getValue()::get).toList());
            line.setMarker(SeriesMarkers.CIRCLE);
            Color c = colour(s.getKey().substring(0, s.getKey().indexOf(' ')));
            line.setLineColor(c);
            line.setMarkerColor(c);
        }
        XYSeries ideal = chart.addSeries("ideal", List.of(1.0, (double) maxThreads), List.of(1.0, (double) maxThreads));
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(Color.GRAY);
        ideal.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[]{6f, 4f}, 0f));
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
