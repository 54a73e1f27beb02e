"""confluent-kafka-python and the log start offset / compacted topics:
python3 confluent_kafka_log_check.py host:port <phase> <topic>

Debian's python3-confluent-kafka 1.7.0 has no AdminClient.delete_records (added in 2.4.0), so the
caller deletes the records.
  after-delete-records  <topic> holds offsets 0 to 4 and the caller deleted those before 3: the client's
                        earliest-offset lookup answers 3, a consumer from the beginning starts there, and
                        one assigned below it (OFFSET_OUT_OF_RANGE) resets to it with auto.offset.reset=earliest
  compact-produce       produces keyed records with repeated keys to the compacted <topic> (created by the
                        caller), one batch each, timestamps a few seconds apart so that each rolls a
                        segment, and checks that a record without a key is refused with INVALID_RECORD;
                        the first record comes from an idempotent producer: cleaning keeps its batch,
                        emptied, for the producer's sequence, and the consumer must read past it
  compact-consume       after the caller saw <topic> cleaned: a consumer from the beginning receives only
                        the latest value of each key, at its original offset, across the gaps
Exits non-zero on the first failed check.
"""
import logging
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition

broker, phase, topic = sys.argv[1:4]


class Remember(logging.Handler):
    """Keeps what librdkafka logs: it recovers from OFFSET_OUT_OF_RANGE silently, logging only."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


librdkafka_log = Remember()
logger = logging.getLogger("librdkafka")
logger.addHandler(librdkafka_log)
logger.propagate = False


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok - " + what)


def consumer():
    return Consumer({"bootstrap.servers": broker, "group.id": "unused-" + topic, "enable.auto.commit": False,
                     "auto.offset.reset": "earliest"}, logger=logger)


def consume_from_beginning(last_offset, start=OFFSET_BEGINNING):
    """Reads partition 0 from the beginning (or start), assigned without a group, until the record at last_offset."""
    reader = consumer()
    reader.assign([TopicPartition(topic, 0, start)])
    records = []
    deadline = time.time() + 20
    while time.time() < deadline:
        message = reader.poll(0.5)
        if message is None:
            continue
        if message.error() is not None:
            check(False, "no consumer error (%s)" % message.error())
        records.append("%s=%s@%d" % (message.key().decode(), message.value().decode(), message.offset()))
        if message.offset() == last_offset:
            break
    return reader, " ".join(records)


def after_delete_records():
    reader, read = consume_from_beginning(4)
    low_high = reader.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
    check(low_high == (3, 5), "get_watermark_offsets answers low 3, high 5 (%s)" % (low_high,))
    check(read == "k3=v3@3 k4=v4@4", "a consumer from the beginning starts at offset 3 (%s)" % read)
    reader.close()
    reader, read = consume_from_beginning(4, start=1)
    out_of_range = [m for m in librdkafka_log.messages if "offset reset (at offset 1" in m and "Offset out of range" in m]
    check(read == "k3=v3@3 k4=v4@4" and len(out_of_range) > 0,
          "a consumer at offset 1, below the log start, meets OFFSET_OUT_OF_RANGE and resets to offset 3 with "
          "auto.offset.reset=earliest (%s; %s)" % (read, out_of_range))
    reader.close()


def compact_produce():
    reports = []
    idempotent = Producer({"bootstrap.servers": broker, "enable.idempotence": True})
    producer = Producer({"bootstrap.servers": broker, "acks": "all", "retries": 0})
    now = int(time.time() * 1000)
    idempotent.produce(topic, key=b"alice", value=b"v1", partition=0, timestamp=now - 20000,
                       on_delivery=lambda err, msg: reports.append((err, msg.offset())))
    idempotent.flush(10)
    records = [("bob", "v1", 18), ("alice", "v2", 16), ("carol", "v1", 14),
               ("carol", "v2", 12), ("dave", "v1", 0)]
    for key, value, seconds in records:
        producer.produce(topic, key=key.encode(), value=value.encode(), partition=0, timestamp=now - seconds * 1000,
                         on_delivery=lambda err, msg: reports.append((err, msg.offset())))
        producer.flush(10)  # one batch per record
    check(reports == [(None, offset) for offset in range(6)],
          "6 keyed records acknowledged at offsets 0 to 5 (%s)" % reports)
    refused = []
    producer.produce(topic, value=b"no key", partition=0, on_delivery=lambda err, msg: refused.append(err))
    producer.flush(10)
    check(len(refused) == 1 and refused[0] is not None and refused[0].code() == KafkaError.INVALID_RECORD,
          "a record without a key is refused with INVALID_RECORD (%s)" % refused)
    reader = consumer()
    low_high = reader.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
    check(low_high == (0, 6), "the refused record was not stored: end offset 6 (%s)" % (low_high,))
    reader.close()


def compact_consume():
    reader, read = consume_from_beginning(5)
    check(read == "bob=v1@1 alice=v2@2 carol=v2@4 dave=v1@5",
          "a consumer reads the latest value of each key at its offset, across the gaps (%s)" % read)
    reader.close()


{"after-delete-records": after_delete_records, "compact-produce": compact_produce,
 "compact-consume": compact_consume}[phase]()
