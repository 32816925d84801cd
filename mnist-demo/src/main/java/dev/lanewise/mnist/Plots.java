package dev.lanewise.mnist;

import dev.lanewise.layers.EpochStats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo's PNG charts, drawn by XChart. */
final class Plots {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private Plots() {
    }

    /** Loss and accuracy per epoch, training and validation, side by side; the best validation epoch marked. */
    static void training(List<EpochStats> epochs, String title, Path png) throws IOException {
        double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
        XYChart loss = chart(title + ": loss", "epoch", "cross-entropy loss");
        line(loss, "train", x, epochs.stream().mapToDouble(EpochStats::trainLoss).toArray(), PALETTE[0], false);
        line(loss, "validation", x, epochs.stream().mapToDouble(EpochStats::validationLoss).toArray(), PALETTE[1], false);
        XYChart acc = chart(title + ": accuracy", "epoch", "accuracy (%)");
        line(acc, "train", x, epochs.stream().mapToDouble(s -> 100 * s.trainAccuracy()).toArray(), PALETTE[0], false);
        line(acc, "validation", x, epochs.stream().mapToDouble(s -> 100 * s.validationAccuracy()).toArray(), PALETTE[1], false);
        EpochStats best = bestEpoch(epochs);
        if (best != null) {
            mark(loss, "best epoch " + best.epoch(), best.epoch(), best.validationLoss());
            mark(acc, "best epoch " + best.epoch(), best.epoch(), 100 * best.validationAccuracy());
        }
        save(List.of(loss, acc), 1, 2, png);
    }

    /** The epoch of highest validation accuracy (the one whose model Trainer.fit keeps), or null without epochs. */
    static EpochStats bestEpoch(List<EpochStats> epochs) {
        return epochs.stream().max(java.util.Comparator.comparingDouble(EpochStats::validationAccuracy)).orElse(null);
    }

    private static void mark(XYChart c, String name, double x, double y) {
        XYSeries s = c.addSeries(name, new double[]{x}, new double[]{y});
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(Color.BLACK);
        s.setLineStyle(SeriesLines.NONE);
    }

    /**
     * Points a run must reach to share the sweep's accuracy axis: a run whose best validation accuracy is further
     * below the best run's (a diverged learning rate sits near 10%) is left below the axis, named in the legend,
     * instead of squeezing the good runs into the top of the chart.
     */
    static final double SWEEP_WINDOW = 15;

    /** Validation accuracy per epoch per learning rate, each model's test accuracy as a dashed line of its colour. */
    static void sweep(Map<Float, List<EpochStats>> runs, Map<Float, Double> testAccuracy, Path png) throws IOException {
        XYChart c = chart("Learning-rate sweep: validation accuracy per epoch (dashed: test accuracy)", "epoch",
                "accuracy (%)");
        double best = runs.values().stream().flatMap(List::stream).mapToDouble(e -> 100 * e.validationAccuracy())
                .max().orElse(100);
        double low = best;
        for (List<EpochStats> epochs : runs.values()) {
            double runBest = epochs.stream().mapToDouble(e -> 100 * e.validationAccuracy()).max().orElse(0);
            if (runBest >= best - SWEEP_WINDOW) {
                low = Math.min(low, epochs.stream().mapToDouble(e -> 100 * e.validationAccuracy()).min().orElse(low));
            }
        }
        c.getStyler().setYAxisMin(Math.max(0, Math.floor(low - 1)));
        c.getStyler().setYAxisMax(Math.min(100, Math.ceil(best + 1)));
        int i = 0;
        for (Map.Entry<Float, List<EpochStats>> run : runs.entrySet()) {
            Color color = PALETTE[i++ % PALETTE.length];
            List<EpochStats> epochs = run.getValue();
            double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
            double runBest = epochs.stream().mapToDouble(e -> 100 * e.validationAccuracy()).max().orElse(0);
            String below = runBest < best - SWEEP_WINDOW
                    ? String.format(java.util.Locale.ROOT, " (below the axis: best %.1f%%)", runBest) : "";
            line(c, "lr " + run.getKey() + " validation" + below, x,
                    epochs.stream().mapToDouble(s -> 100 * s.validationAccuracy()).toArray(), color, false);
            double test = 100 * testAccuracy.get(run.getKey());
            line(c, "lr " + run.getKey() + " test", new double[]{x[0], x[x.length - 1]}, new double[]{test, test}, color, true);
        }
        save(List.of(c), 1, 1, png);
    }

    /** sin(x), the initial and the fitted network's curve. */
    static void sine(double[] x, double[] truth, double[] initial, double[] fitted, Path png) throws IOException {
        XYChart c = chart("Fitting sin(x) with a 1-80-80-1 MLP (MSE)", "x", "y");
        line(c, "sin(x)", x, truth, Color.BLACK, false);
        line(c, "initial network", x, initial, PALETTE[1], true);
        line(c, "fitted network", x, fitted, PALETTE[0], false);
        save(List.of(c), 1, 1, png);
    }

    /** A grid of digit images titled "GT: x, Pred: y". {@code images[i]} holds 784 pixels in [0, 1]. */
    static void digits(List<float[]> images, int[] truth, int[] predicted, Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        int[] axis = new int[28];
        for (int i = 0; i < 28; i++) {
            axis[i] = i;
        }
        for (int k = 0; k < images.size(); k++) {
            HeatMapChart h = new HeatMapChartBuilder().width(200).height(220)
                    .title("GT: " + truth[k] + ", Pred: " + predicted[k]).build();
            int[][] heat = new int[28][28];
            float[] img = images.get(k);
            for (int row = 0; row < 28; row++) {
                for (int col = 0; col < 28; col++) {
                    heat[col][27 - row] = Math.round(255 * img[row * 28 + col]);   // [x][y], y upwards
                }
            }
            h.addSeries("digit", axis, axis, heat);
            org.knowm.xchart.style.HeatMapStyler st = h.getStyler();
            st.setLegendVisible(false);
            st.setAxisTicksVisible(false);
            st.setPlotGridLinesVisible(false);
            st.setChartTitleBoxVisible(false);
            st.setRangeColors(new Color[]{Color.WHITE, Color.BLACK});
            st.setMin(0);
            st.setMax(255);
            st.setShowValue(false);
            if (truth[k] != predicted[k]) {
                st.setChartFontColor(Color.RED);
            }
            charts.add(h);
        }
        // XChart's grid needs rows × cols == charts: the widest divisor up to 8 columns (a prime count gives one row).
        int n = charts.size(), cols = n;
        for (int c = Math.min(8, n); c >= 2; c--) {
            if (n % c == 0) {
                cols = c;
                break;
            }
        }
        int rows = n / cols;
        save(charts, rows, cols, png);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setLegendVisible(true);
        c.getStyler().setMarkerSize(6);
        c.getStyler().setXAxisDecimalPattern("#0.##");
        c.getStyler().setYAxisDecimalPattern("0.0##");   // 0.25, not .25
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(dashed || x.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }

    private static void save(List<? extends Chart<?, ?>> charts, int rows, int cols, Path png) throws IOException {
        Replace.write(png, out -> BitmapEncoder.saveBitmap(new ArrayList<>(charts), rows, cols, out,
                BitmapEncoder.BitmapFormat.PNG));
    }
}
