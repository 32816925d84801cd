package dev.lanewise.bench;

import dev.lanewise.kernels.Conv1dGeometry;

/** Conv1d benchmark geometry written {@code N x Cin x L : Cout x K : s<stride>p<padding>d<dilation>}. */
final class ConvShape {
    private ConvShape() {
    }

    static Conv1dGeometry parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("geometry: expected 'N x Cin x L : Cout x K : sSpPdD', got '" + text + "'");
        }
        String[] in = parts[0].split("x");
        String[] out = parts[1].split("x");
        java.util.regex.Matcher spd = java.util.regex.Pattern.compile("s(\\d+)p(\\d+)d(\\d+)").matcher(parts[2]);
        if (in.length != 3 || out.length != 2 || !spd.matches()) {
            throw new IllegalArgumentException("geometry: expected 'N x Cin x L : Cout x K : sSpPdD', got '" + text + "'");
        }
        return new Conv1dGeometry(Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(in[2]),
                Integer.parseInt(out[0]), Integer.parseInt(out[1]), Integer.parseInt(spd.group(1)),
                Integer.parseInt(spd.group(2)), Integer.parseInt(spd.group(3)));
    }

    /** Multiply-adds ×2 of one forward pass: 2·N·Cout·Cin·K·Lout. */
    static double forwardFlops(Conv1dGeometry g) {
        return 2.0 * g.batch() * g.outChannels() * g.inChannels() * g.kernelSize() * g.outputLength();
    }
}
