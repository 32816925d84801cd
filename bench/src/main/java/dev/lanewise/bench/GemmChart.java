package dev.lanewise.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PNG chart of single-thread GEMM GFLOP/s versus square size, one line per strategy, with the measured FMA peak. */
final class GemmChart {
    private GemmChart() {
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    /** Writes the chart and returns true, or returns false when the run measured fewer than one square size. */
    static boolean write(Map<String, Map<Integer, Double>> series, Optional<Double> peak, Path png) throws IOException {
        if (series.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("lanewise GEMM, one thread: GFLOP/s by strategy (m = k = n, no transposes)")
                .xAxisTitle("n").yAxisTitle("GFLOP/s").build();
        // x = log2(n), labelled as n: the squares double in size, so they sit evenly spaced.
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> String.valueOf(Math.round(Math.pow(2, x))));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisMin(0.0);
        int minN = Integer.MAX_VALUE, maxN = 0;
        for (Map.Entry<String, Map<Integer, Double>> s : series.entrySet()) {
            List<Integer> ns = List.copyOf(s.getValue().keySet());
            List<Double> xs = ns.stream().map(GemmChart::log2).toList();
            List<Double> ys = ns.stream().map(s.getValue()::get).toList();
            minN = Math.min(minN, ns.get(0));
            maxN = Math.max(maxN, ns.get(ns.size() - 1));
            chart.addSeries(s.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        if (peak.isPresent()) {
            XYSeries line = chart.addSeries(String.format(java.util.Locale.ROOT, "FMA peak %.0f", peak.get()),
                    List.of(log2(minN), log2(Math.max(maxN, minN + 1))), List.of(peak.get(), peak.get()));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
