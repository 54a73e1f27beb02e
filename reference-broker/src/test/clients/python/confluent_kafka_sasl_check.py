"""confluent-kafka-python (librdkafka) over SASL_SSL against a running broker:

python3 confluent_kafka_sasl_check.py host:port mechanism user password ca.pem topic round-trip|auth-error

round-trip: produces 3 keyed records and reads them back in a consumer group, keys, values and offsets exact.
auth-error: lists the topics and prints the error librdkafka reported as "error: <code name>: <message>" (exit 0
when it is an authentication error), for the Java test to compare with the broker's exact answer.
"""
import re
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer

broker, mechanism, user, password, ca, topic, mode = sys.argv[1:8]
secured = {"bootstrap.servers": broker, "security.protocol": "SASL_SSL", "sasl.mechanisms": mechanism,
           "sasl.username": user, "sasl.password": password, "ssl.ca.location": ca}


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok - " + what)


def round_trip():
    delivered = []
    producer = Producer(dict(secured, **{"acks": "all"}))
    for i, value in enumerate(["one", "two", "three"]):
        producer.produce(topic, key=b"k%d" % (i + 1), value=value.encode(), partition=0,
                         on_delivery=lambda err, msg: delivered.append((err, msg.offset())))
    check(producer.flush(60) == 0 and delivered == [(None, 0), (None, 1), (None, 2)],
          "produced 3 records with %s over TLS: %s" % (mechanism, delivered))
    consumer = Consumer(dict(secured, **{"group.id": topic + "-group", "auto.offset.reset": "earliest"}))
    consumer.subscribe([topic])
    seen = []
    deadline = time.time() + 60
    while len(seen) < 3 and time.time() < deadline:
        msg = consumer.poll(1.0)
        if msg is not None and msg.error() is None:
            seen.append("%s=%s@%d" % (msg.key().decode(), msg.value().decode(), msg.offset()))
    consumer.close()
    print("read: " + ",".join(seen))
    check(seen == ["k1=one@0", "k2=two@1", "k3=three@2"], "consumed the 3 records in a group")


def auth_error():
    errors = []
    producer = Producer(dict(secured, **{"error_cb": errors.append}))
    try:
        producer.list_topics(timeout=10)
    except KafkaException:
        pass
    deadline = time.time() + 10
    while not errors and time.time() < deadline:
        producer.poll(0.2)  # serves error_cb
    authentication = [e for e in errors if e.code() == KafkaError._AUTHENTICATION]
    check(authentication, "an authentication error reported, errors: %s" % errors)
    # "sasl_ssl://host:port/bootstrap: SASL authentication error: <the broker's message> (after N ms in state ...)"
    message = re.search(r"SASL authentication error: (.*?)(?: \(after \d+ms in state .*\))?$",
                        authentication[0].str()).group(1)
    print("error: %s: %s" % (authentication[0].name(), message))


round_trip() if mode == "round-trip" else auth_error()
