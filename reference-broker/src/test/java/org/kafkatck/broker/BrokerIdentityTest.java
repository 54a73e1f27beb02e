package org.kafkatck.broker;

import java.util.List;

import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.kafkatck.broker.api.DescribeClusterHandler;
import org.kafkatck.broker.api.FindCoordinatorHandler;
import org.kafkatck.broker.api.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Each listener advertises its own endpoint; a request is answered with the endpoint of the listener it came on. */
class BrokerIdentityTest {
    private final BrokerIdentity identity = new BrokerIdentity("cluster", 7, "plain.example", 9092);

    {
        identity.advertise("PLAINTEXT", "plain.example", 9092);
        identity.advertise("SSL", "secure.example", 9093);
    }

    @Test
    void endpointsAreLookedUpByListenerName() {
        assertThat(identity.endpoint("SSL")).isEqualTo(new BrokerIdentity.Endpoint("secure.example", 9093));
        assertThat(identity.endpoint("PLAINTEXT")).isEqualTo(new BrokerIdentity.Endpoint("plain.example", 9092));
        // the default listener: requests built without one (tests, mutants) and unknown names
        assertThat(identity.endpoint(null)).isEqualTo(new BrokerIdentity.Endpoint("plain.example", 9092));
        assertThat(identity.endpoint("OTHER")).isEqualTo(new BrokerIdentity.Endpoint("plain.example", 9092));
    }

    @Test
    void describeClusterAndFindCoordinatorAnswerWithTheListenersEndpoint() {
        DescribeClusterResponseData cluster = new DescribeClusterHandler(identity).handle(
                context(ApiKeys.DESCRIBE_CLUSTER, (short) 1, "SSL"), new DescribeClusterRequestData().setEndpointType((byte) 1));
        assertThat(cluster.brokers()).extracting(b -> b.brokerId() + "@" + b.host() + ":" + b.port())
                .containsExactly("7@secure.example:9093");

        FindCoordinatorResponseData coordinator = new FindCoordinatorHandler(identity).handle(
                context(ApiKeys.FIND_COORDINATOR, (short) 4, "SSL"),
                new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of("g")));
        assertThat(coordinator.coordinators()).extracting(c -> c.nodeId() + "@" + c.host() + ":" + c.port())
                .containsExactly("7@secure.example:9093");

        FindCoordinatorResponseData plain = new FindCoordinatorHandler(identity).handle(
                context(ApiKeys.FIND_COORDINATOR, (short) 3, "PLAINTEXT"),
                new FindCoordinatorRequestData().setKeyType((byte) 0).setKey("g"));
        assertThat(plain.nodeId() + "@" + plain.host() + ":" + plain.port()).isEqualTo("7@plain.example:9092");
    }

    private static RequestContext context(ApiKeys api, short version, String listener) {
        return new RequestContext(new RequestHeader(api, version, "client", 1), "127.0.0.1:1", listener,
                KafkaPrincipal.ANONYMOUS);
    }
}
