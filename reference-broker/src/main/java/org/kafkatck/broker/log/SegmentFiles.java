package org.kafkatck.broker.log;

import java.io.File;
import java.io.IOException;

/**
 * Makes the stores behind segment files. The broker always uses {@link #DISK}; tests substitute stores
 * that fail the way a full or broken disk does.
 */
interface SegmentFiles {
    /** Segment files through kafka-clients' {@code FileRecords}. */
    SegmentFiles DISK = new SegmentFiles() {
        @Override
        public SegmentStore create(File file) throws IOException {
            return FileSegmentStore.create(file);
        }

        @Override
        public SegmentStore existing(File file) throws IOException {
            return FileSegmentStore.existing(file);
        }
    };

    /** @return a store for a new, empty segment file (replacing any file of that name) */
    SegmentStore create(File file) throws IOException;

    /** @return a store for an existing segment file, opened on first use */
    SegmentStore existing(File file) throws IOException;
}
