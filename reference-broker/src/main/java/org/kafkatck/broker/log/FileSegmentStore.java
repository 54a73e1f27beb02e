package org.kafkatck.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/** A segment kept in a file, through kafka-clients' own {@link FileRecords}. */
final class FileSegmentStore implements SegmentStore {
    private final FileRecords records;

    private FileSegmentStore(FileRecords records) {
        this.records = records;
    }

    static FileSegmentStore open(File file) throws IOException {
        return new FileSegmentStore(FileRecords.open(file, true));
    }

    @Override
    public int size() {
        return records.sizeInBytes();
    }

    @Override
    public void append(ByteBuffer batch) throws IOException {
        records.append(MemoryRecords.readableRecords(batch.duplicate()));
    }

    @Override
    public Iterable<? extends RecordBatch> batchesFrom(int position) {
        return records.batchesFrom(position);
    }

    @Override
    public ByteBuffer read(int position, int length) throws IOException {
        int available = Math.max(0, Math.min(length, size() - position));
        ByteBuffer buffer = ByteBuffer.allocate(available);
        records.readInto(buffer, position);
        return buffer;
    }

    @Override
    public void truncateTo(int size) throws IOException {
        records.truncateTo(size);
    }

    @Override
    public void flush() throws IOException {
        records.flush();
    }

    @Override
    public void close() throws IOException {
        records.close();
    }

    @Override
    public void delete() throws IOException {
        records.deleteIfExists();
    }
}
