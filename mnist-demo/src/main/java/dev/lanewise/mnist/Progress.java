package dev.lanewise.mnist;

import dev.lanewise.layers.EpochListener;
import dev.lanewise.layers.EpochStats;
import dev.lanewise.layers.Sequential;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one line per epoch, with a progress bar (on a terminal) while the epoch runs. */
final class Progress implements EpochListener {
    private final PrintStream out;
    private final int epochs;
    private final boolean bars;
    private ProgressBar bar;

    Progress(PrintStream out, int epochs, boolean bars) {
        this.out = out;
        this.epochs = epochs;
        this.bars = bars;
    }

    @Override
    public void batchEnded(int epoch, int samplesDone, int samplesTotal) {
        if (!bars) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(samplesTotal).setStyle(ProgressBarStyle.ASCII).setUnit(" samples", 1)
                    .showSpeed().continuousUpdate().clearDisplayOnFinish().build();
        }
        bar.stepTo(samplesDone);
    }

    @Override
    public void epochEnded(EpochStats s, Sequential model) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.println(line(s));
        out.flush();
    }

    static String line(EpochStats s) {
        return String.format(Locale.ROOT,
                "epoch %2d  train loss %.4f acc %.2f%%  val loss %.4f acc %.2f%%  %.1f s  %,.0f samples/s",
                s.epoch(), s.trainLoss(), 100 * s.trainAccuracy(), s.validationLoss(), 100 * s.validationAccuracy(),
                s.seconds(), s.samplesPerSecond());
    }
}
