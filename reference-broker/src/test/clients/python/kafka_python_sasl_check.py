"""kafka-python over SASL_SSL against a running broker:

python3 kafka_python_sasl_check.py host:port mechanism user password ca.pem topic round-trip|auth-error

kafka-python 2.0 authenticates with SaslHandshake v0, its SASL tokens following as raw frames (pre-KIP-152).
round-trip: produces 3 keyed records and reads them back in a consumer group, keys, values and offsets exact.
auth-error: connects a producer and prints the error it meets as "error: <type>: <message>", and what
kafka.conn logged while authenticating as "logged: <message>" (after a SaslHandshake v0 there is no frame to
carry an error: Kafka closes the connection, which kafka-python reports), for the Java test to compare.
"""
import logging
import sys
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError

broker, mechanism, user, password, ca, topic, mode = sys.argv[1:8]
secured = dict(bootstrap_servers=broker, security_protocol="SASL_SSL", sasl_mechanism=mechanism,
               sasl_plain_username=user, sasl_plain_password=password, ssl_cafile=ca)


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok - " + what)


def round_trip():
    producer = KafkaProducer(acks="all", **secured)
    offsets = [producer.send(topic, key=b"k%d" % (i + 1), value=v.encode(), partition=0).get(30).offset
               for i, v in enumerate(["one", "two", "three"])]
    producer.close()
    check(offsets == [0, 1, 2], "produced 3 records with %s over TLS at offsets %s" % (mechanism, offsets))
    consumer = KafkaConsumer(topic, group_id=topic + "-group", auto_offset_reset="earliest", **secured)
    seen = []
    deadline = time.time() + 60
    while len(seen) < 3 and time.time() < deadline:
        for records in consumer.poll(1000).values():
            seen.extend("%s=%s@%d" % (r.key.decode(), r.value.decode(), r.offset) for r in records)
    consumer.close()
    print("read: " + ",".join(seen))
    check(seen == ["k1=one@0", "k2=two@1", "k3=three@2"], "consumed the 3 records in a group")


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        # "<BrokerConnection ... <authenticating> ...>: Error receiving reply from server"
        message = record.getMessage()
        if "<authenticating>" in message:
            self.messages.append(message.rsplit(">: ", 1)[-1])


def auth_error():
    logged = Collect()
    logging.getLogger("kafka.conn").addHandler(logged)
    logging.getLogger("kafka.conn").propagate = False
    try:
        KafkaProducer(request_timeout_ms=10000, max_block_ms=10000, **secured).close()
    except KafkaError as e:
        print("error: %s: %s" % (type(e).__name__, e))
        for message in sorted(set(logged.messages)):
            print("logged: " + message)
        check(True, "a wrong password fails")
        return
    check(False, "a wrong password was accepted")


round_trip() if mode == "round-trip" else auth_error()
