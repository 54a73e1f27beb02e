"""kafka-python and the log start offset / compacted topics: python3 kafka_python_log_check.py host:port <phase> <topic>

kafka-python 2.0.2 (Debian's python3-kafka) has no DeleteRecords, so the caller deletes the records.
  after-delete-records  <topic> holds offsets 0 to 4 and the caller deleted those before 3: the client's
                        earliest-offset lookup answers 3, a consumer from the beginning starts there, and
                        one that seeks below it (OFFSET_OUT_OF_RANGE) resets to it with auto_offset_reset=earliest
  compact-produce       produces keyed records with repeated keys to the compacted <topic> (created by the
                        caller), one batch each, timestamps a few seconds apart so that each rolls a
                        segment, and checks that a record without a key is refused. kafka-python 2.0.2 has
                        no idempotent producer: the caller produced the first record (alice=v1 at offset 0)
                        with one, so that cleaning keeps its batch, emptied, and the consumer must read past it
  compact-consume       after the caller saw <topic> cleaned: a consumer from the beginning receives only
                        the latest value of each key, at its original offset, across the gaps
Exits non-zero on the first failed check.
"""
import logging
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError

broker, phase, topic = sys.argv[1:4]
partition = TopicPartition(topic, 0)


class Remember(logging.Handler):
    """Keeps what the client logs: it recovers from OFFSET_OUT_OF_RANGE silently, logging only."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


fetcher_log = Remember()
logging.getLogger("kafka.consumer.fetcher").addHandler(fetcher_log)
logging.getLogger("kafka.consumer.fetcher").setLevel(logging.INFO)


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok - " + what)


def consume_from_beginning(last_offset, start=None):
    """Reads partition 0 from the beginning (or start), without a group, until the record at last_offset."""
    consumer = KafkaConsumer(bootstrap_servers=broker, group_id=None, enable_auto_commit=False,
                             auto_offset_reset="earliest", consumer_timeout_ms=20000)
    consumer.assign([partition])
    if start is None:
        consumer.seek_to_beginning(partition)
    else:
        consumer.seek(partition, start)
    records = []
    for record in consumer:
        records.append("%s=%s@%d" % (record.key.decode(), record.value.decode(), record.offset))
        if record.offset == last_offset:
            break
    return consumer, " ".join(records)


def after_delete_records():
    consumer, read = consume_from_beginning(4)
    beginning = consumer.beginning_offsets([partition])
    end = consumer.end_offsets([partition])
    check(beginning == {partition: 3} and end == {partition: 5},
          "beginning_offsets answers 3, end_offsets 5 (%s, %s)" % (beginning, end))
    check(read == "k3=v3@3 k4=v4@4", "a consumer from the beginning starts at offset 3 (%s)" % read)
    consumer.close()
    consumer, read = consume_from_beginning(4, start=1)
    out_of_range = [m for m in fetcher_log.messages if "Fetch offset 1 is out of range" in m]
    check(read == "k3=v3@3 k4=v4@4" and len(out_of_range) > 0,
          "a consumer at offset 1, below the log start, meets OFFSET_OUT_OF_RANGE and resets to offset 3 with "
          "auto_offset_reset=earliest (%s; %s)" % (read, out_of_range))
    consumer.close()


def compact_produce():
    producer = KafkaProducer(bootstrap_servers=broker, acks="all", retries=0)
    now = int(time.time() * 1000)
    records = [("bob", "v1", 18), ("alice", "v2", 16), ("carol", "v1", 14),
               ("carol", "v2", 12), ("dave", "v1", 0)]
    offsets = [producer.send(topic, key=k.encode(), value=v.encode(), partition=0,
                             timestamp_ms=now - seconds * 1000).get(timeout=10).offset
               for k, v, seconds in records]
    check(offsets == list(range(1, 6)), "5 keyed records acknowledged at offsets 1 to 5 (%s)" % offsets)
    refused = None
    try:
        producer.send(topic, value=b"no key", partition=0).get(timeout=10)
    except KafkaError as e:
        refused = e
    # kafka-python 2.0.2 predates INVALID_RECORD (87, Kafka 2.4): it names it UnknownError.
    check(refused is not None and type(refused).__name__ == "UnknownError",
          "a record without a key is refused (kafka-python 2.0.2 has no name for INVALID_RECORD: %r)" % refused)
    producer.close()
    consumer = KafkaConsumer(bootstrap_servers=broker, group_id=None)
    end = consumer.end_offsets([partition])
    check(end == {partition: 6}, "the refused record was not stored: end offset 6 (%s)" % end)
    consumer.close()


def compact_consume():
    consumer, read = consume_from_beginning(5)
    check(read == "bob=v1@1 alice=v2@2 carol=v2@4 dave=v1@5",
          "a consumer reads the latest value of each key at its offset, across the gaps (%s)" % read)
    consumer.close()


{"after-delete-records": after_delete_records, "compact-produce": compact_produce,
 "compact-consume": compact_consume}[phase]()
