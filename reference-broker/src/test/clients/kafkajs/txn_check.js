// KafkaJS transactions (KIP-98): node txn_check.js host:port <topic> <group>
//   creates <topic>; one transactional producer commits "a,b", aborts "x", then commits "c" together with
//   offset 5 of <topic> partition 0 for <group> (sendOffsets); a read_committed consumer (KafkaJS's default)
//   reads exactly a@0 b@1 c@5 (each end of a transaction writes a marker that takes an offset);
//   the group's committed offset is 5; a second producer with the same transactional id fences the first,
//   whose commit then fails.
// Exits 0 when every check passed; prints one line per check.
const { client, check, exitWhenDone } = require('./common');

const [broker, topic, group] = process.argv.slice(2);
const kafka = client(broker, { retry: { retries: 3 } });

function transactional(id) {
  return kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
}

async function readCommitted(lastOffset) {
  const consumer = kafka.consumer({ groupId: `${group}-reader-${Date.now().toString(36)}`, sessionTimeout: 10000,
    heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(received)}`)), 30000);
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        received.push(`${message.value}@${message.offset}`);
        if (Number(message.offset) === lastOffset) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return received.join(' ');
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });

  const producer = transactional(`${topic}-tx`);
  await producer.connect();
  let txn = await producer.transaction();
  await txn.send({ topic, messages: [{ partition: 0, value: 'a' }, { partition: 0, value: 'b' }] });
  await txn.commit();
  check(true, 'a transaction of a,b committed');
  txn = await producer.transaction();
  await txn.send({ topic, messages: [{ partition: 0, value: 'x' }] });
  await txn.abort();
  check(true, 'a transaction of x aborted');
  txn = await producer.transaction();
  await txn.send({ topic, messages: [{ partition: 0, value: 'c' }] });
  await txn.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: '5' }] }] });
  await txn.commit();
  check(true, 'a transaction of c with offset 5 for the group committed');

  const read = await readCommitted(5);
  check(read === 'a@0 b@1 c@5', `a read_committed consumer reads a@0 b@1 c@5, markers taking offsets 2, 4 and 6 (${read})`);
  const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const committed = offsets[0].partitions.find(p => p.partition === 0);
  check(committed && committed.offset === '5', `the group's offset committed with the transaction is 5 (${JSON.stringify(offsets)})`);
  const end = await admin.fetchTopicOffsets(topic);
  check(end[0].high === '7', `the log ends at offset 7 (${end[0].high})`);

  // a new instance with the same transactional id fences the old one
  txn = await producer.transaction();
  await txn.send({ topic, messages: [{ partition: 0, value: 'zombie' }] });
  const successor = transactional(`${topic}-tx`);
  await successor.connect();
  // KafkaJS asks for its producer id and epoch when its first transaction begins
  const next = await successor.transaction();
  let fenced;
  try {
    await txn.commit();
  } catch (e) {
    fenced = e;
  }
  const type = fenced && (fenced.type || (fenced.originalError && fenced.originalError.type));
  check(type === 'INVALID_PRODUCER_EPOCH', `the fenced producer's commit fails with INVALID_PRODUCER_EPOCH (${fenced && fenced.name}: ${type})`);
  await next.send({ topic, messages: [{ partition: 0, value: 'live' }] });
  await next.commit();
  check(true, 'the new instance commits');
  await successor.disconnect();
  await producer.disconnect().catch(() => {});
  await admin.disconnect();
}

exitWhenDone(main());
