package org.kafkatck.broker.api;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.protocol.Errors;
import org.kafkatck.broker.txn.Transaction;
import org.kafkatck.broker.txn.TransactionCoordinator;
import org.kafkatck.broker.txn.TransactionState;

/**
 * ListTransactions (key 66, KIP-664): the transactional ids the coordinator knows, filtered.
 *
 * <ul>
 *   <li>v0: filters by state (unknown state names are echoed in {@code unknown_state_filters}) and by producer
 *       id.</li>
 *   <li>v1: by duration (KIP-994): only transactions running for longer than that many milliseconds.</li>
 *   <li>v2: by a regular expression on the transactional id (KIP-1152); an invalid one is
 *       INVALID_REGULAR_EXPRESSION.</li>
 * </ul>
 * Only the transactional ids the principal may DESCRIBE are listed, with no error.
 */
public final class ListTransactionsHandler extends VersionedHandler<ListTransactionsRequestData, ListTransactionsResponseData> {
    private final TransactionCoordinator coordinator;

    /** @param coordinator the transaction coordinator */
    public ListTransactionsHandler(TransactionCoordinator coordinator) {
        super(ApiKeys.LIST_TRANSACTIONS, 0, 2);
        this.coordinator = coordinator;
    }

    @Override
    public ListTransactionsResponseData handle(RequestContext context, ListTransactionsRequestData request) {
        short version = context.apiVersion();
        ListTransactionsResponseData response = new ListTransactionsResponseData().setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code());
        Pattern pattern = null;
        String regex = version >= 2 ? request.transactionalIdPattern() : null;
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code());
            }
        }
        Set<String> states = new HashSet<>();
        for (String name : request.stateFilters()) {
            boolean known = false;
            for (TransactionState state : TransactionState.values()) {
                known |= state.displayName().equals(name);
            }
            if (known) {
                states.add(name);
            } else {
                response.unknownStateFilters().add(name);
            }
        }
        long duration = version >= 1 ? request.durationFilter() : -1;
        long now = System.currentTimeMillis();
        for (Transaction t : coordinator.list()) {
            boolean shown = t.state() != TransactionState.DEAD
                    && context.authorized(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, t.transactionalId())
                    && (request.stateFilters().isEmpty() || states.contains(t.state().displayName()))
                    && (request.producerIdFilters().isEmpty() || request.producerIdFilters().contains(t.producerId()))
                    && (duration < 0 || (t.startMs() >= 0 && now - t.startMs() > duration))
                    && (pattern == null || pattern.matcher(t.transactionalId()).matches());
            if (shown) {
                response.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                        .setTransactionalId(t.transactionalId()).setProducerId(t.producerId())
                        .setTransactionState(t.state().displayName()));
            }
        }
        return response;
    }
}
