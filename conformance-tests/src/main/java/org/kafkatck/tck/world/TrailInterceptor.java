package org.kafkatck.tck.world;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Records on the scenario's {@link RequestTrail} what its Java producers and consumers send: a send is a
 * Produce, a commit an OffsetCommit. kafka-clients creates the interceptor from {@code interceptor.classes}
 * and hands it the client's configuration, in which {@link World} puts the trail under {@link #TRAIL}.
 * (Fetches are recorded where the steps poll: the client calls no interceptor for an empty poll.)
 */
public final class TrailInterceptor implements ProducerInterceptor<byte[], byte[]>, ConsumerInterceptor<byte[], byte[]> {
    /** The configuration key under which the client's configuration carries the trail. */
    public static final String TRAIL = "kafka.tck.request.trail";
    private RequestTrail trail;

    @Override
    public void configure(Map<String, ?> configs) {
        trail = (RequestTrail) configs.get(TRAIL);
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        record(ApiKeys.PRODUCE);
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        // the send was recorded when it was made
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        record(ApiKeys.OFFSET_COMMIT);
    }

    @Override
    public void close() {
        trail = null;
    }

    private void record(ApiKeys api) {
        RequestTrail current = trail;
        if (current != null) {
            current.clientCall(api);
        }
    }
}
