// Starts dynalite (DynamoDB wire protocol, in memory) on a free loopback port and prints the port.
// dynalite's CLI ignores --port 0, so the server is created here and asked to listen on port 0.
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  console.log(`DYNALITE_PORT=${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
