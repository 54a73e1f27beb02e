// What every KafkaJS check shares: the client, one output line per check, and the exit code the Java test reads.
const { Kafka, logLevel } = require('kafkajs');

/** A quiet KafkaJS client of the broker at host:port; options are merged into the client config. */
function client(broker, options = {}) {
  return new Kafka({ clientId: 'kafka-tck-kafkajs', brokers: [broker], logLevel: logLevel.NOTHING, ...options });
}

/** Prints "ok - what", or throws so the script exits 1 naming the first check that failed. */
function check(condition, what) {
  if (!condition) {
    throw new Error(`FAILED: ${what}`);
  }
  console.log(`ok - ${what}`);
}

/** Exits 0 when the checks resolve, 1 with the error otherwise (KafkaJS keeps sockets open after a failure). */
function exitWhenDone(checks) {
  checks.then(() => process.exit(0)).catch(e => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}

module.exports = { client, check, exitWhenDone };
