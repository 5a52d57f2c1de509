// The Node peer of the bench (issue 12): a hand-written drop endpoint on jsonwebtoken, node-redis and the
// official @socket.io/redis-emitter, with the registry keys (CONTRACT §4) and frames (§5, §6 socketio) of
// dropuser. A comparison, not a product: no body limits, rate limits, idempotency, bans, ghosts, atomic
// script, confirmation or metrics. Each drop: verify the token, HMGET the live entries, then per client the
// emitter's two PUBLISHes and one HSET of the dropping mark (pipelined by node-redis), answer "pending".
// Usage: PORT=.. REDIS_URL=redis://127.0.0.1:6379 PUBLIC_KEY=public.pem ISSUER=.. AUDIENCE=.. node server.js
"use strict";
const http = require("node:http");
const crypto = require("node:crypto");
const fs = require("node:fs");
const jwt = require("jsonwebtoken");
const { createClient } = require("redis");
const { Emitter } = require("@socket.io/redis-emitter");

const publicKey = fs.readFileSync(process.env.PUBLIC_KEY);
const verifyOptions = {
  algorithms: ["RS256"], issuer: process.env.ISSUER, audience: process.env.AUDIENCE, clockTolerance: 30,
};
const prefix = "dropuser:";
const dropPath = /^\/v1\/rooms\/([A-Za-z0-9_.:-]{1,128})\/drop$/;

function answer(response, status, body) {
  const json = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  response.end(json);
}

function refuse(response, status, result, msg) {
  answer(response, status, { result, msg, requestId: crypto.randomUUID() });
}

async function drop(redis, emitter, claims, roomId, clientIds) {
  const requestId = crypto.randomUUID();
  const moderator = claims.groups.includes("moderator");
  const ids = [...new Set(clientIds)];
  const live = ids.length ? await redis.hmGet(`${prefix}room:{${roomId}}:live`, ids) : [];
  const clients = [];
  const at = Date.now();
  ids.forEach((clientId, i) => {
    if (live[i] === null) return clients.push({ clientId, status: "not-found" });
    const entry = JSON.parse(live[i]);
    const cause = moderator ? { code: 4501, msg: "disconnected-by-moderator" } : { code: 4502, msg: "disconnected-by-service" };
    emitter.to(entry.sid).emit("room-disconnected", { cause, roomId, clientId, requestId });
    emitter.in(entry.sid).disconnectSockets(true);
    redis.hSet(`${prefix}room:{${roomId}}:dropping`, clientId, JSON.stringify({ requestId, cause: cause.code, at, attempts: 1 }));
    clients.push({ clientId, status: "pending" });
  });
  return { result: 0, msg: "Success", requestId, roomId, clients };
}

async function main() {
  const redis = createClient({ url: process.env.REDIS_URL });
  await redis.connect();
  const emitter = new Emitter(redis);
  http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const path = dropPath.exec(request.url);
      if (request.method !== "POST" || !path) return refuse(response, 404, 2500, "Internal Error");
      let claims;
      try {
        claims = jwt.verify((request.headers.authorization || "").replace(/^Bearer /, ""), publicKey, verifyOptions);
      } catch {
        return refuse(response, 401, 1001, "Invalid Token");
      }
      const groups = claims.groups || [];
      if (!(groups.includes("service") || (groups.includes("moderator") && claims.room === path[1]))) {
        return refuse(response, 403, 5116, "Unauthorized Access");
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = null;
      }
      if (!body || !Array.isArray(body.clientIds)) return refuse(response, 400, 1002, "Invalid Request");
      try {
        answer(response, 200, await drop(redis, emitter, { groups }, path[1], body.clientIds));
      } catch {
        refuse(response, 503, 2001, "Registry Unavailable");
      }
    });
  }).listen(Number(process.env.PORT), "127.0.0.1");
}

main();
