package org.kafkatck.broker.acl;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.kafkatck.broker.storage.ChecksummedFile;
import org.kafkatck.broker.storage.LogDirectory;

/**
 * The broker's ACLs, in the shape of the ACL records of Kafka's metadata log: every creation and every
 * removal is one checksummed record appended to {@code acls.log} before it takes effect; on start the file
 * is replayed and rewritten with the live ACLs only (compaction).
 *
 * <p>Readers (the authorizer, DescribeAcls) see an immutable snapshot, replaced whole on each change, so
 * an authorization never waits for a writer and never sees half a deletion. Writers are serialised.
 */
public final class AclStore implements AutoCloseable {
    private static final byte ADD = 1;
    private static final byte REMOVE = 2;

    private final ChecksummedFile file;
    private volatile List<AclBinding> acls = List.of();

    private AclStore(ChecksummedFile file) {
        this.file = file;
    }

    /** @return a store that forgets its ACLs on restart (the broker's in-memory mode) */
    public static AclStore inMemory() {
        return new AclStore(ChecksummedFile.of(null, false, LogDirectory.memory()));
    }

    /**
     * Opens the store in {@code dir}, replaying and compacting {@code acls.log}.
     *
     * @param dir           directory of the store, created when missing
     * @param syncEachWrite fsync each change before it is acknowledged
     * @param directory     the data directory's state: a failed write takes it offline
     * @return the store with every ACL written before
     */
    public static AclStore open(Path dir, boolean syncEachWrite, LogDirectory directory) {
        AclStore store = new AclStore(ChecksummedFile.of(dir.resolve("acls.log"), syncEachWrite, directory));
        Set<AclBinding> replayed = new LinkedHashSet<>();
        try {
            Files.createDirectories(dir);
            store.file.replay(body -> {
                byte kind = body.readByte();
                AclBinding binding = readBinding(body);
                switch (kind) {
                    case ADD -> replayed.add(binding);
                    case REMOVE -> replayed.remove(binding);
                    default -> throw new IOException("Unknown ACL record type " + kind);
                }
            });
            store.acls = List.copyOf(replayed);
            store.file.rewrite(records(ADD, replayed));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the ACLs in " + dir + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** @return every ACL, in the order they were created */
    public List<AclBinding> all() {
        return acls;
    }

    /** @return the ACLs {@code filter} matches, in the order they were created */
    public List<AclBinding> matching(AclBindingFilter filter) {
        return acls.stream().filter(filter::matches).toList();
    }

    /**
     * Adds ACLs that are not there yet (an ACL created twice is stored once, as in Kafka).
     *
     * @param bindings valid ACLs (see {@link AclValidation})
     */
    public synchronized void add(Collection<AclBinding> bindings) {
        Set<AclBinding> next = new LinkedHashSet<>(acls);
        List<AclBinding> added = bindings.stream().filter(next::add).toList();
        if (added.isEmpty()) {
            return;
        }
        file.append(records(ADD, added), "Writing ACLs");
        acls = List.copyOf(next);
    }

    /**
     * Removes, in one write, every ACL some filter matches.
     *
     * @param filters the filters of one DeleteAcls request
     * @return for each filter, the ACLs it matched (an ACL two filters match is in both, as in Kafka)
     */
    public synchronized List<List<AclBinding>> delete(List<AclBindingFilter> filters) {
        List<AclBinding> snapshot = acls;
        List<List<AclBinding>> matched = new ArrayList<>(filters.size());
        Set<AclBinding> removed = new LinkedHashSet<>();
        for (AclBindingFilter filter : filters) {
            List<AclBinding> hits = snapshot.stream().filter(filter::matches).toList();
            matched.add(hits);
            removed.addAll(hits);
        }
        if (!removed.isEmpty()) {
            file.append(records(REMOVE, removed), "Removing ACLs");
            acls = snapshot.stream().filter(acl -> !removed.contains(acl)).toList();
        }
        return matched;
    }

    /** Forces changes since the last flush to disk (the broker's interval flush policy). */
    public synchronized void flush() {
        file.flush("Flush of ACLs");
    }

    @Override
    public synchronized void close() {
        file.close();
    }

    private static byte[] records(byte kind, Collection<AclBinding> bindings) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (AclBinding binding : bindings) {
            try {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(body);
                out.writeByte(kind);
                out.writeByte(binding.pattern().resourceType().code());
                out.writeByte(binding.pattern().patternType().code());
                writeString(out, binding.pattern().name());
                writeString(out, binding.entry().principal());
                writeString(out, binding.entry().host());
                out.writeByte(binding.entry().operation().code());
                out.writeByte(binding.entry().permissionType().code());
                records.writeBytes(ChecksummedFile.frame(body.toByteArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array stream does not fail
            }
        }
        return records.toByteArray();
    }

    private static AclBinding readBinding(DataInputStream in) throws IOException {
        ResourceType resourceType = ResourceType.fromCode(in.readByte());
        PatternType patternType = PatternType.fromCode(in.readByte());
        String name = readString(in);
        String principal = readString(in);
        String host = readString(in);
        AclOperation operation = AclOperation.fromCode(in.readByte());
        AclPermissionType permission = AclPermissionType.fromCode(in.readByte());
        try {
            return new AclBinding(new ResourcePattern(resourceType, name, patternType),
                    new AccessControlEntry(principal, host, operation, permission));
        } catch (IllegalArgumentException e) {
            throw new IOException("Not an ACL: " + e.getMessage(), e);
        }
    }

    /** Length-prefixed UTF-8: unlike writeUTF, not limited to 64 KiB (Kafka bounds no resource name). */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("String of " + length + " bytes in a record of " + in.available());
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
