package org.kafkatck.broker.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A member of a classic group, as the coordinator tracks it. Guarded by its group's lock. */
final class GroupMember {
    final String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = new byte[0];
    CompletableFuture<JoinResult> joinFuture;
    CompletableFuture<SyncResult> syncFuture;
    ScheduledFuture<?> sessionTimer;

    GroupMember(String memberId, JoinRequest request) {
        this.memberId = memberId;
        this.groupInstanceId = request.groupInstanceId();
        update(request);
    }

    void update(JoinRequest request) {
        clientId = request.clientId();
        clientHost = request.clientHost();
        sessionTimeoutMs = request.sessionTimeoutMs();
        rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        protocols = List.copyOf(request.protocols());
    }

    /** @return the member's metadata for {@code protocol}, or empty */
    byte[] metadata(String protocol) {
        return protocols.stream().filter(p -> p.name().equals(protocol)).map(Protocol::metadata).findFirst()
                .orElse(new byte[0]);
    }

    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !java.util.Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    boolean awaitingJoin() {
        return joinFuture != null;
    }
}
