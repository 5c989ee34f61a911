// Starts dynalite (DynamoDB wire protocol) on a free loopback port and prints the port.
// dynalite's CLI ignores --port 0, so the server is created here and asked to listen on port 0.
// With a directory argument the tables live there (LevelDB) and survive a restart (local mode);
// without one they live in memory (the tests).
// dynalite lacks TransactWriteItems: dynalite-transactions.js adds it on the same tables and item locks.
const dynalite = require('dynalite');
const transactions = require('./dynalite-transactions.js');

const path = process.argv[2];
const captured = transactions.captureStore();
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
transactions.install(server, captured.store);
server.listen(0, '127.0.0.1', () => {
  console.log(`DYNALITE_PORT=${server.address().port}`);
});
// Ctrl-C in a terminal reaches the whole process group: the parent JVM decides when to stop (it closes stdin
// once the functions have finished their work), so a local mode's in-flight extractions can still write.
process.on('SIGINT', () => {});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
