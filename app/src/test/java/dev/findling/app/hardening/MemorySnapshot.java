package dev.findling.app.hardening;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What this JVM holds: heap in use after full GCs, the NIO buffer pools (direct and mapped — native memory Java code
 * allocated), and the resident set from {@code /proc/self/status} (everything, including ONNX Runtime's native
 * arenas; -1 where there is no /proc).
 */
record MemorySnapshot(long heapAfterGcBytes, long directBytes, long mappedBytes, long rssBytes, long heapCommittedBytes) {

    static MemorySnapshot take() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        long direct = 0;
        long mapped = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
            } else if (pool.getName().startsWith("mapped")) {
                mapped += pool.getMemoryUsed();
            }
        }
        return new MemorySnapshot(heap, direct, mapped, rss(), committed);
    }

    private static long rss() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    MemorySnapshot minus(MemorySnapshot before) {
        return new MemorySnapshot(heapAfterGcBytes - before.heapAfterGcBytes, directBytes - before.directBytes,
                mappedBytes - before.mappedBytes, rssBytes < 0 || before.rssBytes < 0 ? 0 : rssBytes - before.rssBytes,
                heapCommittedBytes - before.heapCommittedBytes);
    }

    /**
     * Resident memory outside the Java heap: VmRSS minus the committed heap. The JVM grows its committed heap when a
     * request needs it (a large legitimate image) and keeps it; that is not a leak, so native growth is judged on this.
     */
    long nativeRssBytes() {
        return rssBytes - heapCommittedBytes;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "heap-after-GC %+.1f MB, direct %+.1f MB, mapped %+.1f MB, VmRSS %+.1f MB "
                        + "(committed heap %+.1f MB, so outside the heap %+.1f MB)", heapAfterGcBytes / 1e6, directBytes / 1e6,
                mappedBytes / 1e6, rssBytes / 1e6, heapCommittedBytes / 1e6, nativeRssBytes() / 1e6);
    }
}
