package org.kafkatck.broker.txn;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.kafkatck.broker.storage.ChecksummedFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * The broker's {@code __transaction_state} in miniature: every change of a transactional id's state is one
 * checksummed record holding the whole state, written before the change takes effect. On start the file is
 * replayed, so a transaction that was ending when the broker stopped is found in its PREPARE state and
 * finished, and one that was ongoing stays ongoing until it ends or times out.
 */
public final class TransactionLog implements AutoCloseable {
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    /** A PUT followed by the last producer epoch (KIP-360 retries across a restart); PUT records still load. */
    private static final byte PUT_WITH_LAST_EPOCH = 3;

    private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    private final ChecksummedFile file;

    private TransactionLog(ChecksummedFile file) {
        this.file = file;
    }

    /** @return a log that forgets everything on restart */
    public static TransactionLog inMemory() {
        return new TransactionLog(ChecksummedFile.of(null, false, LogDirectory.memory()));
    }

    /**
     * Opens (and compacts) the log in {@code dir}.
     *
     * @param syncEachWrite fsync every change before it takes effect
     * @param directory     the data directory's state: a failed write takes it offline
     */
    public static TransactionLog open(Path dir, boolean syncEachWrite, LogDirectory directory) {
        TransactionLog log = new TransactionLog(ChecksummedFile.of(dir.resolve("transactions.log"), syncEachWrite,
                directory));
        try {
            Files.createDirectories(dir);
            log.file.replay(log::apply);
            ByteArrayOutputStream live = new ByteArrayOutputStream();
            for (Transaction t : new TreeMap<>(log.transactions).values()) {
                live.writeBytes(ChecksummedFile.frame(encode(t)));
            }
            log.file.rewrite(live.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the transaction log in " + dir + ": " + e.getMessage(), e);
        }
        return log;
    }

    /** @return every transactional id's state */
    public Map<String, Transaction> all() {
        return Map.copyOf(transactions);
    }

    /** @return the state of {@code transactionalId}, or {@code null} */
    public Transaction get(String transactionalId) {
        return transactions.get(transactionalId);
    }

    /** Writes {@code transaction} as the id's state, on disk first. */
    public void put(Transaction transaction) {
        file.append(ChecksummedFile.frame(encode(transaction)), "Writing the transaction log");
        transactions.put(transaction.transactionalId(), transaction);
    }

    /** Forgets a transactional id. */
    public void remove(String transactionalId) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeByte(REMOVE);
            out.writeUTF(transactionalId);
            file.append(ChecksummedFile.frame(body.toByteArray()), "Writing the transaction log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        transactions.remove(transactionalId);
    }

    /** Forces changes written since the last flush to disk. */
    public void flush() {
        file.flush("Flush of the transaction log");
    }

    @Override
    public void close() {
        file.close();
    }

    private static byte[] encode(Transaction t) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeByte(PUT_WITH_LAST_EPOCH);
            out.writeUTF(t.transactionalId());
            out.writeLong(t.producerId());
            out.writeShort(t.producerEpoch());
            out.writeInt(t.timeoutMs());
            out.writeByte(t.state().ordinal());
            out.writeInt(t.partitions().size());
            for (TopicPartition tp : t.partitions()) {
                out.writeUTF(tp.topic());
                out.writeInt(tp.partition());
            }
            out.writeInt(t.groups().size());
            for (String group : t.groups()) {
                out.writeUTF(group);
            }
            out.writeLong(t.startMs());
            out.writeLong(t.updateMs());
            out.writeShort(t.lastProducerEpoch());
            return body.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(DataInputStream in) throws IOException {
        byte type = in.readByte();
        String id = in.readUTF();
        if (type == REMOVE) {
            transactions.remove(id);
            return;
        }
        if (type != PUT && type != PUT_WITH_LAST_EPOCH) {
            throw new IOException("Unknown record type " + type);
        }
        long producerId = in.readLong();
        short epoch = in.readShort();
        int timeoutMs = in.readInt();
        int state = in.readByte();
        if (state < 0 || state >= TransactionState.values().length) {
            throw new IOException("Unknown transaction state " + state);
        }
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            partitions.add(new TopicPartition(in.readUTF(), in.readInt()));
        }
        Set<String> groups = new LinkedHashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            groups.add(in.readUTF());
        }
        long startMs = in.readLong();
        long updateMs = in.readLong();
        short lastEpoch = type == PUT_WITH_LAST_EPOCH ? in.readShort() : -1;
        transactions.put(id, new Transaction(id, producerId, epoch, timeoutMs, TransactionState.values()[state],
                partitions, groups, startMs, updateMs, lastEpoch));
    }
}
