package dev.lanewise.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Per-core data cache sizes in bytes, read once from {@code /sys/devices/system/cpu/cpu0/cache} when present,
 * with conservative fallbacks (32 KiB L1d, 512 KiB L2, 2 MiB of L3 per core) elsewhere.
 */
public record CacheSizes(long l1d, long l2, long l3PerCore) {
    static final CacheSizes FALLBACK = new CacheSizes(32 << 10, 512 << 10, 2 << 20);

    /** The sizes of this machine's first CPU, or the fallbacks for what cannot be read. */
    public static CacheSizes detect() {
        return detect(Path.of("/sys/devices/system/cpu/cpu0/cache"), Runtime.getRuntime().availableProcessors());
    }

    static CacheSizes detect(Path cacheDir, int cores) {
        long l1 = FALLBACK.l1d(), l2 = FALLBACK.l2(), l3 = FALLBACK.l3PerCore();
        for (int index = 0; index < 8; index++) {
            Path dir = cacheDir.resolve("index" + index);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                String type = Files.readString(dir.resolve("type")).trim();
                int level = Integer.parseInt(Files.readString(dir.resolve("level")).trim());
                long size = parseSize(Files.readString(dir.resolve("size")).trim());
                if (type.equals("Instruction") || size <= 0) {
                    continue;
                }
                if (level == 1) {
                    l1 = size;
                } else if (level == 2) {
                    l2 = size;
                } else if (level == 3) {
                    l3 = size / Math.max(1, sharedBy(dir, cores));
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable entry keeps its fallback.
            }
        }
        return new CacheSizes(l1, l2, l3);
    }

    private static int sharedBy(Path dir, int cores) throws IOException {
        Path list = dir.resolve("shared_cpu_list");
        if (!Files.exists(list)) {
            return cores;
        }
        int count = 0;
        for (String range : Files.readString(list).trim().split(",")) {
            String[] ends = range.split("-");
            count += ends.length == 2 ? Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1 : 1;
        }
        return Math.max(1, count);
    }

    /** "32K", "1024K", "32M" or plain bytes. */
    static long parseSize(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        long unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits.trim()) * unit;
    }
}
