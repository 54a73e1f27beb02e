"""confluent-kafka-python (librdkafka) against a running broker: python3 confluent_kafka_check.py host:port

Produces keyed records with headers, consumes them in a group, commits, and checks that a
restarted consumer resumes at the committed offset. Exits non-zero on the first failed check.
"""
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition

broker = sys.argv[1]
run = str(int(time.time() * 1000))
topic = "confluent-kafka-" + run
group = "confluent-kafka-group-" + run


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok - " + what)


delivered = []
producer = Producer({"bootstrap.servers": broker, "enable.idempotence": True})
for i in range(10):
    producer.produce(topic, key=b"key-%d" % i, value=b"value-%d" % i, headers=[("origin", b"librdkafka")],
                     partition=0, on_delivery=lambda err, msg: delivered.append((err, msg.offset())))
check(producer.flush(20) == 0, "every record delivered")
check([e for e, _ in delivered] == [None] * 10 and [o for _, o in delivered] == list(range(10)),
      "an idempotent producer's records are acknowledged at offsets 0 to 9")


def consume(count):
    consumer = Consumer({"bootstrap.servers": broker, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe([topic])
    records = []
    deadline = time.time() + 30
    while len(records) < count and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error() is not None:
            check(False, "no consumer error (%s)" % message.error())
        records.append(message)
    return consumer, records


consumer, first = consume(6)
check([m.value() for m in first] == [b"value-%d" % i for i in range(6)], "a group consumer reads the first 6 in order")
check(all(dict(m.headers())["origin"] == b"librdkafka" for m in first), "headers arrive intact")
consumer.commit(message=first[-1], asynchronous=False)
committed = consumer.committed([TopicPartition(topic, 0)], timeout=10)
check(committed[0].offset == 6, "the group committed offset 6")
consumer.close()

consumer, rest = consume(4)
check([m.offset() for m in rest] == [6, 7, 8, 9], "a restarted consumer resumes at the committed offset")
consumer.close()
