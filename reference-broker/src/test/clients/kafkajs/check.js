// KafkaJS against a running broker: node check.js host:port
// Exits 0 when every check passed; prints one line per check.
const { client, check, exitWhenDone } = require('./common');

const broker = process.argv[2];
const run = Date.now().toString(36);
const topic = `kafkajs-${run}`;
const groupId = `kafkajs-group-${run}`;
const kafka = client(broker);

async function consume(count, fromBeginning) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  const received = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${received.length} of ${count} messages`)), 30000);
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, offset: Number(message.offset), key: message.key.toString(),
          value: message.value.toString(), header: message.headers.origin && message.headers.origin.toString() });
        if (received.length === count) {
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return received;
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  check(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }), 'admin creates a topic');
  check((await admin.listTopics()).includes(topic), 'admin lists the new topic');

  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let i = 0; i < 10; i++) {
    messages.push({ key: `key-${i}`, value: `value-${i}`, headers: { origin: 'kafkajs' } });
  }
  const acks = await producer.send({ topic, messages: messages.slice(0, 5) });
  check(acks.length === 1 && acks[0].errorCode === 0 && acks[0].baseOffset === '0', 'produce is acknowledged at offset 0');

  const first = await consume(5, true);
  check(first.map(m => m.value).join() === messages.slice(0, 5).map(m => m.value).join(),
    'a group consumer receives the 5 keyed messages in order');
  check(first.every(m => m.header === 'kafkajs' && m.key.startsWith('key-')), 'keys and headers arrive intact');

  await producer.send({ topic, messages: messages.slice(5) });
  await producer.disconnect();
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  check(offsets[0].partitions[0].offset === '5', 'the group committed offset 5');

  const second = await consume(5, true);
  check(second[0].offset === 5 && second.map(m => m.value).join() === messages.slice(5).map(m => m.value).join(),
    'a restarted consumer resumes at the committed offset');

  const groups = await admin.listGroups();
  check(groups.groups.some(g => g.groupId === groupId), 'admin lists the group');
  await admin.disconnect();
}

exitWhenDone(main());
