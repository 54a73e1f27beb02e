// KafkaJS and the log start offset / compacted topics: node log_check.js host:port <phase> <topic>
//   delete-records   creates <topic>, produces 5 records, deletes those before offset 3 with
//                    admin.deleteTopicRecords, and checks the low watermark, the earliest offset, a
//                    consume from the beginning and one that seeks below the log start (OFFSET_OUT_OF_RANGE)
//   compact-produce  produces keyed records with repeated keys to the compacted <topic> (created by the
//                    caller), one batch each, timestamps a few seconds apart so that each rolls a segment,
//                    and checks that a record without a key is refused with INVALID_RECORD. The first
//                    record comes from an idempotent producer: cleaning keeps its batch, emptied, for the
//                    producer's sequence, and the consumer must read past it
//   compact-consume  after the caller saw <topic> cleaned: a consumer from the beginning receives only the
//                    latest value of each key, at its original offset, across the gaps
// Exits 0 when every check passed; prints one line per check.
const { client, check, exitWhenDone } = require('./common');
const Broker = require('kafkajs/src/broker');

const [broker, phase, topic] = process.argv.slice(2);
const kafka = client(broker, { retry: { retries: 2 } });

// admin.deleteTopicRecords resolves to nothing: keep the broker's answers to see the low watermark it sent.
const deleteRecordsResponses = [];
const deleteRecords = Broker.prototype.deleteRecords;
Broker.prototype.deleteRecords = async function (...args) {
  const response = await deleteRecords.apply(this, args);
  deleteRecordsResponses.push(response);
  return response;
};

// The consumer recovers from OFFSET_OUT_OF_RANGE silently: keep the errors of its fetches to see that it met one.
const fetchErrors = [];
const fetch = Broker.prototype.fetch;
Broker.prototype.fetch = async function (...args) {
  try {
    return await fetch.apply(this, args);
  } catch (e) {
    fetchErrors.push(e.name);
    throw e;
  }
};

/** Reads partition 0 from the beginning (or seeks to start) with a fresh group until the record at lastOffset. */
async function consumeFromBeginning(lastOffset, start) {
  const consumer = kafka.consumer({ groupId: `${topic}-${Date.now().toString(36)}`, sessionTimeout: 10000,
    heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(received)}`)), 30000);
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        received.push(`${message.key}=${message.value}@${message.offset}`);
        if (Number(message.offset) === lastOffset) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
    if (start !== undefined) {
      consumer.seek({ topic, partition: 0, offset: String(start) });
    }
  });
  await consumer.disconnect();
  return received.join(' ');
}

async function deleteRecordsPhase() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  const messages = [0, 1, 2, 3, 4].map(i => ({ key: `k${i}`, value: `v${i}` }));
  await producer.send({ topic, messages, acks: -1 });
  await producer.disconnect();

  // deleteTopicRecords looks the leader up in the metadata it already has, without fetching the topic's.
  await admin.fetchTopicMetadata({ topics: [topic] });
  await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
  const answered = deleteRecordsResponses.flatMap(r => r.topics).flatMap(t => t.partitions);
  check(answered.length === 1 && answered[0].partition === 0 && String(answered[0].lowWatermark) === '3'
    && answered[0].errorCode === 0, `deleteTopicRecords before offset 3 answers low watermark 3 (${JSON.stringify(answered, (k, v) => typeof v === 'bigint' ? v.toString() : v)})`);
  const offsets = await admin.fetchTopicOffsets(topic);
  check(offsets.length === 1 && offsets[0].low === '3' && offsets[0].high === '5',
    `fetchTopicOffsets answers low 3, high 5 (${JSON.stringify(offsets)})`);
  await admin.disconnect();
  const read = await consumeFromBeginning(4);
  check(read === 'k3=v3@3 k4=v4@4', `a consumer from the beginning starts at offset 3 (${read})`);
  const reset = await consumeFromBeginning(4, 1);
  check(reset === 'k3=v3@3 k4=v4@4' && fetchErrors.join() === 'KafkaJSOffsetOutOfRange',
    `a consumer that seeks to offset 1, below the log start, meets OFFSET_OUT_OF_RANGE and resets to offset 3 (${reset}; ${fetchErrors})`);
}

async function compactProducePhase() {
  const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await idempotent.connect();
  const now = Date.now();
  const first = await idempotent.send({ topic, acks: -1,
    messages: [{ partition: 0, key: 'alice', value: 'v1', timestamp: String(now - 20000) }] });
  await idempotent.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const offsets = [first[0].baseOffset];
  const records = [['bob', 'v1', 18], ['alice', 'v2', 16], ['carol', 'v1', 14],
    ['carol', 'v2', 12], ['dave', 'v1', 0]];
  for (const [key, value, secondsAgo] of records) {
    const acks = await producer.send({ topic, acks: -1,
      messages: [{ partition: 0, key, value, timestamp: String(now - secondsAgo * 1000) }] });
    offsets.push(acks[0].baseOffset);
  }
  check(offsets.join() === '0,1,2,3,4,5', `6 keyed records acknowledged at offsets 0 to 5 (${offsets})`);
  let refused;
  try {
    await producer.send({ topic, acks: -1, messages: [{ partition: 0, value: 'no key' }] });
  } catch (e) {
    refused = e;
  }
  const type = refused && (refused.type || (refused.originalError && refused.originalError.type));
  check(type === 'INVALID_RECORD', `a record without a key is refused with INVALID_RECORD (${refused && refused.name}: ${type})`);
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const end = await admin.fetchTopicOffsets(topic);
  check(end.length === 1 && end[0].high === '6', `the refused record was not stored: end offset 6 (${end[0].high})`);
  await admin.disconnect();
}

async function compactConsumePhase() {
  const read = await consumeFromBeginning(5);
  check(read === 'bob=v1@1 alice=v2@2 carol=v2@4 dave=v1@5',
    `a consumer reads the latest value of each key at its offset, across the gaps (${read})`);
}

const phases = { 'delete-records': deleteRecordsPhase, 'compact-produce': compactProducePhase,
  'compact-consume': compactConsumePhase };
exitWhenDone(phases[phase]());
