package org.kafkatck.tck.targets;

import java.time.Duration;

import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.kafkatck.tck.wire.RawConnection;

/** Measures when a just-started broker first answers a Metadata request. */
final class Readiness {
    private Readiness() {
    }

    /**
     * Polls {@code hostPort} every few milliseconds, connecting as the target's clients do
     * ({@code clientProperties}), until a Metadata request is answered with at least one broker.
     *
     * @return milliseconds from {@code startNanos} to that answer
     * @throws TargetUnavailableException when {@code process} dies or the timeout passes
     */
    static long awaitMetadata(String hostPort, java.util.Map<String, String> clientProperties, long startNanos,
                              Process process, Duration timeout) {
        long deadline = startNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new TargetUnavailableException("The broker process exited with " + process.exitValue());
            }
            try (RawConnection connection = RawConnection.open(hostPort, Duration.ofSeconds(2), clientProperties)) {
                short version = connection.version(ApiKeys.METADATA, (short) 12);
                MetadataResponseData response = connection.send(ApiKeys.METADATA, version,
                        new MetadataRequestData().setTopics(java.util.List.of()));
                if (!response.brokers().isEmpty()) {
                    return (System.nanoTime() - startNanos) / 1_000_000;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            try {
                // nothing to await: a process that is not yet listening can only be asked again
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetUnavailableException("Interrupted while waiting for the broker");
            }
        }
        throw new TargetUnavailableException("No Metadata answer from " + hostPort + " within " + timeout);
    }
}
