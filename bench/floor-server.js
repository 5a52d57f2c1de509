// The machine's floor for the bench: the smallest HTTP server that answers the bench's POST (read the body,
// answer 400 with a short JSON), no token, no Redis. Under the same load generator and arrival rate as the
// service, its latency is what the loopback, the load generator and the scheduler cost on their own.
// Usage: node bench/floor-server.js PORT
"use strict";
const http = require("node:http");

const port = Number(process.argv[2]);
const answer = JSON.stringify({ result: 1002, msg: "floor" });

http
  .createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(400, { "content-type": "application/json", "content-length": answer.length });
      response.end(answer);
    });
  })
  .listen(port, "127.0.0.1");
