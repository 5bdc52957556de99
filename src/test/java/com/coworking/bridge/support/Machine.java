package com.coworking.bridge.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a benchmark figure was measured on: the processor, cores, memory and load, read from /proc. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        String model = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown processor");
        String memory = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("? GiB");
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), " + memory + ", Java "
                + System.getProperty("java.version") + ", " + load();
    }

    public static String load() {
        List<String> parts = List.of(read("/proc/loadavg").trim().split("\\s+"));
        return parts.size() >= 3 ? "load " + parts.get(0) + " " + parts.get(1) + " " + parts.get(2) : "load unknown";
    }

    /** Resident memory of a process in MB (VmRSS), or -1. */
    public static long rssMegabytes(long pid) {
        return read("/proc/" + pid + "/status").lines().filter(l -> l.startsWith("VmRSS")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).orElse(-1L);
    }

    /** The peak of the whole heap from a GC log (-Xlog:gc): the largest heap in use before a collection, in MB. */
    public static long peakHeapMegabytes(Path gcLog) {
        long peak = 0;
        java.util.regex.Matcher before = java.util.regex.Pattern.compile("(\\d+)M->\\d+M").matcher(read(gcLog.toString()));
        while (before.find()) {
            peak = Math.max(peak, Long.parseLong(before.group(1)));
        }
        return peak;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (Exception unreadable) {
            return "";
        }
    }
}
