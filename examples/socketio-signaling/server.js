// Reference Socket.IO signaling node for dropuser.
// Duties toward dropuser: authenticated joins, live registry (with drop acks), node heartbeat, bans, users index
// (see README.md).
import { createServer } from 'node:http';
import { createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { Server } from 'socket.io';
import { createClient, createCluster } from 'redis';
import redisAdapter from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
// A Redis Cluster instead: comma-separated seed URLs (the registry keys carry the room as a hash tag).
const REDIS_CLUSTER = process.env.REDIS_CLUSTER || '';
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);
const NODE_ID = process.env.NODE_ID || `sig-${randomBytes(4).toString('hex')}`;
const PREFIX = process.env.KEY_PREFIX ?? 'dropuser:';
const ADAPTER_MODE = process.env.ADAPTER_MODE || 'classic';

// Joins are authenticated (README, duty 0): a participant JWT from the issuer dropuser trusts. No opt-out: a node
// that took userRef from the handshake would let a banned user rejoin under another name.
// JWT_PUBLIC_KEY: path to the issuer's RSA public key (PEM), or the PEM text itself.
const JWT_PUBLIC_KEY = process.env.JWT_PUBLIC_KEY || '';
const JWT_ISSUER = process.env.JWT_ISSUER || '';
const JWT_AUDIENCE = process.env.JWT_AUDIENCE || '';
const JWT_SKEW_S = 30;

const HEARTBEAT_TTL_S = 15;
const HEARTBEAT_EVERY_MS = 5000;
const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;

const liveKey = (roomId) => `${PREFIX}room:{${roomId}}:live`;
const bansKey = (roomId) => `${PREFIX}room:{${roomId}}:bans`;
const droppingKey = (roomId) => `${PREFIX}room:{${roomId}}:dropping`;
// The acks list is `<this>` + requestId; declared as a key so that a cluster routes the script to the room's slot.
const acksKeyPrefix = (roomId) => `${PREFIX}room:{${roomId}}:acks:`;
const usersKey = (roomId) => `${PREFIX}room:{${roomId}}:users`;
const nodeKey = `${PREFIX}node:${NODE_ID}`;

// The users index (README, duty 4): userRef -> JSON array of that user's client
// ids in the room, so that dropuser finds a user's sessions without scanning
// the room. Kept in the same scripts as the live entry it describes.
const INDEX_LIB = `
local function still_of(live, id, userRef)
  local ok, e = pcall(cjson.decode, redis.call('HGET', live, id) or '')
  return ok and type(e) == 'table' and e.userRef == userRef
end
local function ids_of(users, userRef)
  local ok, ids = pcall(cjson.decode, redis.call('HGET', users, userRef) or '[]')
  if ok and type(ids) == 'table' then return ids end
  return {}
end
-- Keep the user's ids that are still live as this user (others are stale), plus
-- or minus one id.
local function reindex(live, users, userRef, addId, removeId)
  local keep = {}
  for _, id in ipairs(ids_of(users, userRef)) do
    if id ~= addId and id ~= removeId and still_of(live, id, userRef) then keep[#keep + 1] = id end
  end
  if addId then keep[#keep + 1] = addId end
  if #keep == 0 then redis.call('HDEL', users, userRef)
  else redis.call('HSET', users, userRef, cjson.encode(keep)) end
end
`;

// Register a live entry and index it. KEYS[1] live hash, KEYS[2] users index;
// ARGV clientId, entry JSON, userRef, 'nx' to keep an entry that exists.
const REGISTER = `${INDEX_LIB}
if ARGV[4] == 'nx' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
reindex(KEYS[1], KEYS[2], ARGV[3], ARGV[1], nil)
return 1`;

// Delete the registry field only if it still belongs to this socket: a client
// that reconnected under the same clientId (maybe on another node) has already
// overwritten it, and the old socket's late disconnect must not remove that.
// The users index loses the id in the same step. When dropuser is dropping this
// client (a `dropping` mark exists), tell it in the same script too: push the
// client id onto the acks list of the mark's request (contract section 13), so
// dropuser answers without polling the registry.
// KEYS: live, users index, dropping, acks prefix. ARGV: client id, socket id.
const REMOVE_IF_OWNER = `${INDEX_LIB}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, entry = pcall(cjson.decode, raw)
if not (ok and type(entry) == 'table' and entry.sid == ARGV[2]) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if type(entry.userRef) == 'string' then reindex(KEYS[1], KEYS[2], entry.userRef, nil, ARGV[1]) end
local okMark, mark = pcall(cjson.decode, redis.call('HGET', KEYS[3], ARGV[1]) or '')
if okMark and type(mark) == 'table' and type(mark.requestId) == 'string' and mark.requestId ~= '' then
  local acks = KEYS[4] .. mark.requestId
  redis.call('RPUSH', acks, ARGV[1])
  redis.call('EXPIRE', acks, 60)
end
return 1`;

const log = (...args) => console.log(NODE_ID, ...args);
const logError = (...args) => console.error(NODE_ID, ...args);

// Refuse to start rather than run with joins nobody checks.
function loadPublicKey() {
  const missing = ['JWT_PUBLIC_KEY', 'JWT_ISSUER', 'JWT_AUDIENCE'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    logError(`refusing to start: ${missing.join(', ')} not set (joins are authenticated with the issuer's JWTs)`);
    process.exit(1);
  }
  try {
    const pem = JWT_PUBLIC_KEY.includes('-----BEGIN') ? JWT_PUBLIC_KEY : readFileSync(JWT_PUBLIC_KEY, 'utf8');
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA key (${key.asymmetricKeyType})`);
    return key;
  } catch (err) {
    logError(`refusing to start: JWT_PUBLIC_KEY unusable: ${err.message}`);
    process.exit(1);
  }
}
const publicKey = loadPublicKey();

// The verified claims of a join token, or null. RS256 only; iss, aud, exp and iat checked with 30 s of skew.
function verifyJoinToken(token) {
  if (typeof token !== 'string' || token.length === 0 || token.length > 8192) return null;
  try {
    const claims = jwt.verify(token, publicKey, {
      algorithms: ['RS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE, clockTolerance: JWT_SKEW_S,
    });
    const now = Math.floor(Date.now() / 1000);
    // jsonwebtoken accepts a token without exp, and one issued in the future: refuse both.
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.iat > now + JWT_SKEW_S) return null;
    return claims;
  } catch {
    return null;
  }
}

// node-redis reconnects by itself; without an 'error' listener a lost link
// would be thrown as an uncaught 'error' event and kill the process.
function watch(client, name) {
  client.on('error', (err) => logError(`redis ${name} error:`, err.message));
  client.on('reconnecting', () => logError(`redis ${name} reconnecting`));
  client.on('ready', () => logError(`redis ${name} ready`)); // stderr: stdout starts with LISTENING
  return client;
}

// A malformed adapter request (e.g. `rooms` not an array) makes the classic
// adapter's async onrequest() reject; by default Node would exit on that.
process.on('unhandledRejection', (err) => logError('unhandled rejection:', err?.message ?? err));

const redis = watch(REDIS_CLUSTER
  ? createCluster({ rootNodes: REDIS_CLUSTER.split(',').map((url) => ({ url: url.trim() })) })
  : createClient({ url: REDIS_URL }), 'cmd');
await redis.connect();

let adapter;
let subClient;
if (ADAPTER_MODE === 'classic' || ADAPTER_MODE === 'sharded') {
  subClient = watch(redis.duplicate(), 'sub');
  await subClient.connect();
  adapter = ADAPTER_MODE === 'classic'
    ? redisAdapter.createAdapter(redis, subClient, { key: 'socket.io' })
    : redisAdapter.createShardedAdapter(redis, subClient); // SSUBSCRIBE: Redis >= 7
} else if (ADAPTER_MODE === 'streams') {
  adapter = createStreamsAdapter(redis); // duplicates its own reader clients
} else {
  throw new Error(`unknown ADAPTER_MODE ${ADAPTER_MODE}`);
}

const httpServer = createServer();
const io = new Server(httpServer, { cors: { origin: true }, adapter });

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('redis timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Authentication, validation and bans: refusing here makes the client get `connect_error`.
// userRef is the token's `sub`, never the client's word: the ban check is on the verified identity. A handshake
// `userRef` (older clients send one) must equal `sub`; a handshake `role` must equal the token's role.
io.use(async (socket, next) => {
  const { token, roomId, clientId, userRef: claimedUserRef, role: claimedRole } = socket.handshake.auth || {};
  if (typeof roomId !== 'string' || !ID_RE.test(roomId)) return next(new Error('invalid roomId'));
  if (typeof clientId !== 'string' || !ID_RE.test(clientId)) return next(new Error('invalid clientId'));
  const claims = verifyJoinToken(token);
  if (!claims) return next(new Error('invalid token'));
  const userRef = claims.sub;
  // allow any printable text, not just ids
  if (typeof userRef !== 'string' || userRef.length < 1 || userRef.length > 256 || /[\x00-\x1f\x7f]/.test(userRef)) {
    return next(new Error('invalid token'));
  }
  // A token minted for one room does not open another; a token without `room` is valid for any room.
  if (claims.room !== undefined && claims.room !== roomId) return next(new Error('invalid token'));
  if (claimedUserRef !== undefined && claimedUserRef !== userRef) return next(new Error('userRef does not match token'));
  const groups = Array.isArray(claims.groups) ? claims.groups : [];
  const role = groups.includes('moderator') ? 'moderator' : 'participant';
  if (claimedRole !== undefined && claimedRole !== role) return next(new Error('role does not match token'));
  let banEnd;
  try {
    banEnd = await withTimeout(redis.zScore(bansKey(roomId), userRef), 2000);
  } catch (err) {
    logError('ban check failed:', err.message);
    return next(new Error('registry unavailable')); // fail closed: a ban cannot be checked
  }
  if (banEnd !== null && Number(banEnd) > Date.now()) return next(new Error('banned'));
  socket.data = { roomId, clientId, userRef, role };
  next();
});

const pendingCleanups = new Set();
let stopping = false;

io.on('connection', (socket) => {
  const { roomId, clientId, userRef, role } = socket.data;
  socket.join(roomId);
  const entry = JSON.stringify({ node: NODE_ID, sid: socket.id, userRef, role, joinedAt: Date.now() });
  const registered = redis.eval(REGISTER, { keys: [liveKey(roomId), usersKey(roomId)], arguments: [clientId, entry, userRef] }).then(
    () => { socket.data.entry = entry; console.log(`JOINED ${roomId} ${clientId} ${socket.id}`); return true; },
    (err) => {
      // An unregistered socket cannot be dropped by dropuser: do not keep it.
      logError(`registry write failed for ${clientId}:`, err.message);
      socket.disconnect(true);
      return false;
    });

  socket.on('disconnect', (reason) => {
    // Wait for our own HSET so a fast disconnect cannot leave a stale entry behind.
    const cleanup = registered.then(async (ok) => {
      if (!ok) return;
      const removed = await redis.eval(REMOVE_IF_OWNER, {
        keys: [liveKey(roomId), usersKey(roomId), droppingKey(roomId), acksKeyPrefix(roomId)],
        arguments: [clientId, socket.id],
      });
      if (removed === 1) console.log(`LEFT ${roomId} ${clientId} ${socket.id}`);
      else log(`kept entry of ${roomId}/${clientId}: owned by a newer socket (${reason})`);
    }).catch((err) => logError(`registry cleanup failed for ${clientId}:`, err.message))
      .finally(() => pendingCleanups.delete(cleanup));
    pendingCleanups.add(cleanup);
  });
});

// After a lost Redis link, put our sockets back if their entries are gone (a
// restarted Redis, or dropuser removed them as ghosts while our heartbeat was
// missing). HSETNX: an entry that exists, ours or a newer socket's, is kept.
// (Registered after the first connect: every 'ready' seen here is a reconnect.)
redis.on('ready', async () => {
  if (stopping) return;
  await heartbeat();
  let restored = 0;
  for (const socket of io.of('/').sockets.values()) {
    const { roomId, clientId, userRef, entry } = socket.data;
    if (!entry) continue;
    try {
      restored += Number(await redis.eval(REGISTER, { keys: [liveKey(roomId), usersKey(roomId)], arguments: [clientId, entry, userRef, 'nx'] }));
    } catch (err) {
      logError(`re-register of ${clientId} failed:`, err.message);
    }
  }
  log(`redis link back: re-registered ${restored} entries`);
});

async function heartbeat() {
  try {
    await redis.set(nodeKey, JSON.stringify({ node: NODE_ID, pid: process.pid, at: Date.now() }),
      { expiration: { type: 'EX', value: HEARTBEAT_TTL_S } });
  } catch (err) {
    logError('heartbeat failed:', err.message);
  }
}
await heartbeat();
const heartbeatTimer = setInterval(heartbeat, HEARTBEAT_EVERY_MS);

httpServer.listen(PORT, HOST, () => {
  console.log(`LISTENING ${httpServer.address().port}`);
  log(`adapter=${ADAPTER_MODE} redis=${REDIS_CLUSTER ? `cluster ${REDIS_CLUSTER}` : REDIS_URL} prefix=${PREFIX}`);
});

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: shutting down`);
  // Never hang on a dead Redis: exit anyway after a bounded time.
  setTimeout(() => { logError('shutdown timed out'); process.exit(0); }, 5000).unref();
  clearInterval(heartbeatTimer);
  await io.close(); // disconnects every socket: their registry entries are removed
  await Promise.allSettled([...pendingCleanups]);
  try { await redis.del(nodeKey); } catch (err) { logError('heartbeat delete failed:', err.message); }
  await Promise.allSettled([redis.close(), subClient?.close()]);
  log('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
