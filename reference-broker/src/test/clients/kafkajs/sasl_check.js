// KafkaJS over SASL_SSL: node sasl_check.js host:port mechanism user password ca.pem topic round-trip|bad-password
// round-trip: produces 3 keyed records and reads them back in a consumer group, keys, values and offsets exact.
// bad-password: connects the admin client and prints the error it meets as "error: <name>: <message>" (exit 0 when
// that is an authentication error), for the Java test to compare with the broker's exact answer.
const fs = require('fs');
const { client, check, exitWhenDone } = require('./common');

const [broker, mechanism, username, password, caFile, topic, mode] = process.argv.slice(2);
const kafka = client(broker, {
  ssl: { ca: [fs.readFileSync(caFile, 'utf-8')] },
  sasl: { mechanism: mechanism.toLowerCase(), username, password },
  retry: { retries: mode === 'bad-password' ? 0 : 5 },
});

async function roundTrip() {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [
    { key: 'k1', value: 'one', partition: 0 }, { key: 'k2', value: 'two', partition: 0 },
    { key: 'k3', value: 'three', partition: 0 }] });
  await producer.disconnect();
  check(true, `produced 3 records with ${mechanism} over TLS`);

  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FAILED: read 3 records, got ${seen}`)), 30000);
    consumer.run({ eachMessage: async ({ message }) => {
      seen.push(`${message.key}=${message.value}@${message.offset}`);
      if (seen.length === 3) {
        clearTimeout(timer);
        resolve();
      }
    } }).catch(reject);
  });
  await consumer.disconnect();
  console.log(`read: ${seen.join(',')}`);
  check(seen.join(',') === 'k1=one@0,k2=two@1,k3=three@2', 'consumed the 3 records in a group');
}

async function badPassword() {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (e) {
    console.log(`error: ${e.name}: ${e.message}`);
    check(e.name === 'KafkaJSSASLAuthenticationError', 'a wrong password fails authentication');
    return;
  } finally {
    await admin.disconnect().catch(() => {});
  }
  throw new Error('FAILED: a wrong password was accepted');
}

exitWhenDone(mode === 'bad-password' ? badPassword() : roundTrip());
