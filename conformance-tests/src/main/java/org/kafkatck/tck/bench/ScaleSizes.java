package org.kafkatck.tck.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sizes of {@code bench --suite scale}: the defaults, or with {@code --quick} a set about ten times
 * smaller (the whole suite in about five minutes on two cores). Options given on the command line override either.
 *
 * @param partitions        partitions of the fan-in topic and of the consumer-group phase's
 * @param producers         producers of the fan-in phase, each a thread with its own KafkaProducer
 * @param fanInRecords      records of the fan-in phase (all producers together)
 * @param keyRange          distinct keys of the fan-in phase, uniformly drawn
 * @param groupConsumers    consumers in the one group of the consumer-group and catch-up phases
 * @param backlogBytes      payload bytes of the catch-up backlog, written once per target
 * @param bigRecordBytes    value size of the big-records phase
 * @param bigRecords        records of the big-records phase
 * @param clients           producers of the many-connections phase (each holds two connections: bootstrap and
 *                          leader)
 * @param clientRate        records per second of each of them
 * @param clientSeconds     measured seconds of the many-connections phase (after a ramp of half that)
 * @param startupPartitions partitions on disk for the start-up phase, in topics of at most 1,000
 */
record ScaleSizes(int partitions, int producers, long fanInRecords, int keyRange, int groupConsumers, long backlogBytes,
                  int bigRecordBytes, int bigRecords, int clients, int clientRate, int clientSeconds,
                  int startupPartitions) {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /** The sizes; the backlog is {@link #machineBacklogBytes}. */
    static ScaleSizes full() {
        return new ScaleSizes(1_000, 16, 2_000_000, 100_000, 4, machineBacklogBytes(), 1024 * 1024, 512, 500, 10, 30,
                10_000);
    }

    /** About ten times smaller than {@link #full()}: the whole suite in about five minutes. */
    static ScaleSizes quick() {
        return new ScaleSizes(100, 16, 200_000, 10_000, 4, Math.min(512 * MIB, machineBacklogBytes() / 10),
                1024 * 1024, 64, 50, 10, 10, 1_000);
    }

    /**
     * The default backlog of the catch-up phase on this machine: 8 GiB, but at most a quarter of the physical
     * memory (both brokers' copies then stay in the page cache: the phase measures a hot read, the same for
     * every target) and an eighth of the free space of the temporary directory (each broker keeps a copy), in
     * whole 256 MiB; at least 256 MiB.
     */
    static long machineBacklogBytes() {
        long limit = 8 * GIB;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            limit = Math.min(limit, os.getTotalMemorySize() / 4);
        }
        try {
            limit = Math.min(limit, Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).getUsableSpace()
                    / 8);
        } catch (IOException e) {
            // no figure for the disk: the memory bound stands
        }
        long unit = 256 * MIB;
        return Math.max(unit, limit / unit * unit);
    }
}
