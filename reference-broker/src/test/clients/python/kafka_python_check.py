"""kafka-python against a running broker: python3 kafka_python_check.py host:port

Produces keyed records with headers, consumes them in a group, commits, and checks that a
restarted consumer resumes at the committed offset. Exits non-zero on the first failed check.
"""
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

broker = sys.argv[1]
run = str(int(time.time() * 1000))
topic = "kafka-python-" + run
group = "kafka-python-group-" + run


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok - " + what)


producer = KafkaProducer(bootstrap_servers=broker, acks="all")
futures = [producer.send(topic, key=b"key-%d" % i, value=b"value-%d" % i, headers=[("origin", b"kafka-python")],
                         partition=0) for i in range(10)]
producer.flush()
metadata = [f.get(timeout=10) for f in futures]
producer.close()
check([m.offset for m in metadata] == list(range(10)), "10 records acknowledged at offsets 0 to 9")


def consume(count):
    consumer = KafkaConsumer(topic, bootstrap_servers=broker, group_id=group, auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=20000)
    records = []
    for record in consumer:
        records.append(record)
        if len(records) == count:
            break
    return consumer, records


consumer, first = consume(6)
check([r.value for r in first] == [b"value-%d" % i for i in range(6)], "a group consumer reads the first 6 in order")
check(all(r.key.startswith(b"key-") and dict(r.headers)["origin"] == b"kafka-python" for r in first),
      "keys and headers arrive intact")
consumer.commit()
check(consumer.committed(TopicPartition(topic, 0)) == 6, "the group committed offset 6")
consumer.close()

consumer, rest = consume(4)
check([r.offset for r in rest] == [6, 7, 8, 9], "a restarted consumer resumes at the committed offset")
consumer.close()
