// Smoke test: a private redis-server, one signaling node (classic adapter),
// socket.io-client clients, and dropuser's publish emulated byte for byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { createClient } from 'redis';
import { io as connectClient } from 'socket.io-client';
import msgpack from 'notepack.io';

const SERVER_JS = fileURLToPath(new URL('../server.js', import.meta.url));
const NODE_ID = 'sig-test-1';
const ROOM = 'r1';
const LIVE = `dropuser:room:{${ROOM}}:live`;
const BANS = `dropuser:room:{${ROOM}}:bans`;
const DROPPING = `dropuser:room:{${ROOM}}:dropping`;
const ACKS = `dropuser:room:{${ROOM}}:acks:`;
const USERS = `dropuser:room:{${ROOM}}:users`;

// The issuer's key pair (a fresh one per run) and the node's JWT settings.
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'dropuser';
const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey, publicKey } = keyPair();
const KEY_DIR = mkdtempSync(join(tmpdir(), 'sig-test-'));
const PUBLIC_KEY_PEM = join(KEY_DIR, 'public.pem');
writeFileSync(PUBLIC_KEY_PEM, publicKey.export({ type: 'spki', format: 'pem' }));
const JWT_ENV = { JWT_PUBLIC_KEY: PUBLIC_KEY_PEM, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };

/** A participant token as the issuer mints it: `claims` override or add to the defaults. */
function token(claims, { key = privateKey, algorithm = 'RS256' } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, groups: ['participant'], ...claims };
  for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name]; // `exp: undefined`: none
  return jwt.sign(payload, key, { algorithm });
}

const children = [];
const clients = [];
let redis;
let redisPort;
let redisServer;
let node; // { proc, port, lines, waitLine, exited }

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Rejects after `ms` so no step can hang the run.
function within(ms, promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function spawnLogged(cmd, args, opts) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.push(proc);
  const lines = [];
  const waiters = [];
  const onLine = (line) => {
    lines.push(line);
    for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
  };
  createInterface({ input: proc.stdout }).on('line', onLine);
  createInterface({ input: proc.stderr }).on('line', (line) => onLine(`[stderr] ${line}`));
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const waitLine = (re, ms = 5000) => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return within(ms, new Promise((resolve) => waiters.push({ re, resolve })), `line ${re}\n${lines.join('\n')}`);
  };
  return { proc, lines, waitLine, exited };
}

// Without a `token` in `auth`, signs one for its userRef, role and roomId; `token: undefined` sends none.
function connect(auth, target = node) {
  const withToken = 'token' in auth ? auth
    : { ...auth, token: token({ sub: auth.userRef, groups: [auth.role], room: auth.roomId }) };
  const socket = connectClient(`http://127.0.0.1:${target.port}`, {
    auth: JSON.parse(JSON.stringify(withToken)), transports: ['websocket'], forceNew: true, reconnectionDelay: 100, timeout: 3000,
  });
  clients.push(socket);
  return socket;
}

function connected(socket) {
  return within(3000, new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), 'connect');
}

async function startNode(nodeId, adapterMode) {
  const port = await freePort();
  const proc = spawnLogged(process.execPath, [SERVER_JS], {
    env: { ...process.env, ...JWT_ENV, REDIS_URL: `redis://127.0.0.1:${redisPort}`, PORT: String(port), NODE_ID: nodeId, ADAPTER_MODE: adapterMode },
  });
  const first = await proc.waitLine(/^LISTENING /);
  assert.equal(proc.lines.find((l) => !l.startsWith('[stderr]')), first, 'LISTENING is the first stdout line');
  assert.equal(Number(first.split(' ')[1]), port);
  return { ...proc, port };
}

async function startRedis() {
  redisServer = spawnLogged('/usr/bin/redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await redisServer.waitLine(/Ready to accept connections/);
}

// What dropuser publishes in mode socketio (contract section 6).
async function publishClassicDrop(sid, payload) {
  await redis.publish(`socket.io#/#${sid}#`, msgpack.encode(['emitter',
    { type: 2, data: ['room-disconnected', payload], nsp: '/' },
    { rooms: [sid], except: [], flags: {} }]));
  await redis.publish('socket.io-request#/#',
    JSON.stringify({ uid: 'emitter', type: 4, opts: { rooms: [sid], except: [] }, close: true }));
}

before(async () => {
  redisPort = await freePort();
  await startRedis();
  redis = createClient({ url: `redis://127.0.0.1:${redisPort}` });
  redis.on('error', () => {});
  await within(3000, redis.connect(), 'redis connect');
  node = await startNode(NODE_ID, 'classic');
}, { timeout: 15000 });

// Belt and braces: never leave a redis-server or a node behind.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(KEY_DIR, { recursive: true, force: true });
});

after(async () => {
  for (const s of clients) s.disconnect();
  await redis?.close().catch(() => {});
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

test('the contract test vector matches notepack encoding of the emitter frame', () => {
  const frame = msgpack.encode(['emitter',
    { type: 2, data: ['room-disconnected', { cause: { msg: 'disconnected-by-moderator' } }], nsp: '/' },
    { rooms: ['SOCKETID000000000001'], flags: {}, except: [] }]);
  assert.equal(frame.toString('hex'),
    '93a7656d697474657283a47479706502a46461746192b1726f6f6d2d646973636f6e6e656374656481a5636175736581a36d7367b9646973636f6e6e65637465642d62792d6d6f64657261746f72a36e7370a12f83a5726f6f6d7391b4534f434b45544944303030303030303030303031a5666c61677380a665786365707490');
});

test('registry, heartbeat and a classic-mode drop', { timeout: 15000 }, async () => {
  const a = connect({ roomId: ROOM, clientId: 'c1', userRef: 'u-1', role: 'moderator' });
  const b = connect({ roomId: ROOM, clientId: 'c2', userRef: 'u-2', role: 'participant' });
  await Promise.all([connected(a), connected(b)]);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} c1 ${a.id}$`));
  await node.waitLine(new RegExp(`^JOINED ${ROOM} c2 ${b.id}$`));

  const live = await redis.hGetAll(LIVE);
  assert.deepEqual(Object.keys(live).sort(), ['c1', 'c2']);
  for (const [clientId, socket, userRef, role] of [['c1', a, 'u-1', 'moderator'], ['c2', b, 'u-2', 'participant']]) {
    const entry = JSON.parse(live[clientId]);
    assert.deepEqual(Object.keys(entry), ['node', 'sid', 'userRef', 'role', 'joinedAt']);
    assert.deepEqual({ ...entry, joinedAt: 0 }, { node: NODE_ID, sid: socket.id, userRef, role, joinedAt: 0 });
    assert.ok(Number.isInteger(entry.joinedAt) && Math.abs(Date.now() - entry.joinedAt) < 10000);
  }
  const ttl = await redis.ttl(`dropuser:node:${NODE_ID}`);
  assert.ok(ttl > 0 && ttl <= 15, `heartbeat TTL ${ttl}`);

  // What dropuser publishes for c2 (contract section 6, mode socketio).
  const payload = {
    cause: { code: 4501, msg: 'disconnected-by-moderator' },
    reason: 'bye', roomId: ROOM, clientId: 'c2', requestId: 'req-1',
  };
  const seen = [];
  const gotEvent = new Promise((resolve) => b.once('room-disconnected', (p) => { seen.push('event'); resolve(p); }));
  const gotDisconnect = new Promise((resolve) => b.once('disconnect', (reason) => { seen.push('disconnect'); resolve(reason); }));
  const sid = b.id;
  await publishClassicDrop(sid, payload);

  assert.deepEqual(await within(3000, gotEvent, 'room-disconnected'), payload);
  assert.equal(await within(3000, gotDisconnect, 'disconnect'), 'io server disconnect');
  assert.deepEqual(seen, ['event', 'disconnect']);
  await node.waitLine(new RegExp(`^LEFT ${ROOM} c2 ${sid}$`));
  assert.equal(await redis.hGet(LIVE, 'c2'), null);
  assert.equal(JSON.parse(await redis.hGet(LIVE, 'c1')).sid, a.id);
  assert.ok(a.connected);

  // socket.io-client does not reconnect after a server-side disconnect.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(b.connected, false);
  assert.equal(b.active, false);
  assert.equal(await redis.hGet(LIVE, 'c2'), null);
});

test('a drop with a dropping mark pushes an ack for its request; a plain leave does not', { timeout: 10000 }, async () => {
  const dropped = connect({ roomId: ROOM, clientId: 'c8', userRef: 'u-8', role: 'participant' });
  const leaving = connect({ roomId: ROOM, clientId: 'c9', userRef: 'u-9', role: 'participant' });
  await Promise.all([connected(dropped), connected(leaving)]);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} c8 ${dropped.id}$`));
  await node.waitLine(new RegExp(`^JOINED ${ROOM} c9 ${leaving.id}$`));
  // What dropuser writes before it publishes (contract section 4).
  await redis.hSet(DROPPING, 'c8', JSON.stringify({ requestId: 'req-ack', cause: 4501, at: Date.now(), attempts: 1 }));

  const sid = dropped.id;
  await publishClassicDrop(sid, { cause: { code: 4501, msg: 'disconnected-by-moderator' }, roomId: ROOM, clientId: 'c8', requestId: 'req-ack' });
  await node.waitLine(new RegExp(`^LEFT ${ROOM} c8 ${sid}$`));
  assert.deepEqual(await redis.lRange(`${ACKS}req-ack`, 0, -1), ['c8']);
  const ttl = await redis.ttl(`${ACKS}req-ack`);
  assert.ok(ttl > 0 && ttl <= 60, `acks TTL ${ttl}`);
  assert.ok(await redis.hExists(DROPPING, 'c8'), 'the mark is dropuser\'s to clear');

  const leftId = leaving.id;
  leaving.disconnect();
  await node.waitLine(new RegExp(`^LEFT ${ROOM} c9 ${leftId}$`));
  assert.deepEqual(await redis.keys(`${ACKS}*`), [`${ACKS}req-ack`]);
  await redis.del([`${ACKS}req-ack`, DROPPING]);
});

test('a reconnect under the same clientId is not removed by the old socket', { timeout: 10000 }, async () => {
  const old = connect({ roomId: ROOM, clientId: 'c5', userRef: 'u-5', role: 'participant' });
  await connected(old);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} c5 ${old.id}$`));
  const fresh = connect({ roomId: ROOM, clientId: 'c5', userRef: 'u-5', role: 'participant' });
  await connected(fresh);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} c5 ${fresh.id}$`));
  old.disconnect();
  await node.waitLine(/kept entry of r1\/c5/);
  assert.equal(JSON.parse(await redis.hGet(LIVE, 'c5')).sid, fresh.id);
  const freshId = fresh.id;
  fresh.disconnect();
  await node.waitLine(new RegExp(`^LEFT ${ROOM} c5 ${freshId}$`));
  assert.equal(await redis.hGet(LIVE, 'c5'), null);
});

test('the users index lists each user\'s live client ids, kept with the live entries', { timeout: 10000 }, async () => {
  const tab1 = connect({ roomId: ROOM, clientId: 'ix-1', userRef: 'u-ix', role: 'participant' });
  const tab2 = connect({ roomId: ROOM, clientId: 'ix-2', userRef: 'u-ix', role: 'participant' });
  await Promise.all([connected(tab1), connected(tab2)]);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} ix-1 `));
  await node.waitLine(new RegExp(`^JOINED ${ROOM} ix-2 `));
  assert.deepEqual(JSON.parse(await redis.hGet(USERS, 'u-ix')).sort(), ['ix-1', 'ix-2']);

  // A stale id (its entry removed behind the node's back, as a ghost) is pruned at the user's next join.
  await redis.hSet(USERS, 'u-ix', JSON.stringify(['gone', 'ix-1', 'ix-2']));
  const tab3 = connect({ roomId: ROOM, clientId: 'ix-3', userRef: 'u-ix', role: 'participant' });
  await connected(tab3);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} ix-3 `));
  assert.deepEqual(JSON.parse(await redis.hGet(USERS, 'u-ix')), ['ix-1', 'ix-2', 'ix-3']);

  for (const [socket, clientId] of [[tab1, 'ix-1'], [tab2, 'ix-2']]) {
    const sid = socket.id;
    socket.disconnect();
    await node.waitLine(new RegExp(`^LEFT ${ROOM} ${clientId} ${sid}$`));
  }
  assert.deepEqual(JSON.parse(await redis.hGet(USERS, 'u-ix')), ['ix-3']);
  const sid3 = tab3.id;
  tab3.disconnect();
  await node.waitLine(new RegExp(`^LEFT ${ROOM} ix-3 ${sid3}$`));
  assert.equal(await redis.hGet(USERS, 'u-ix'), null);
});

let unbanned;
test('bans and invalid ids are refused with connect_error', { timeout: 10000 }, async () => {
  await redis.zAdd(BANS, [
    { value: 'u-3', score: Date.now() + 60_000 },
    { value: 'u-4', score: Date.now() - 1000 }, // expired ban
  ]);
  const banned = connect({ roomId: ROOM, clientId: 'c3', userRef: 'u-3', role: 'participant' });
  await assert.rejects(connected(banned), { message: 'banned' });
  assert.equal(await redis.hGet(LIVE, 'c3'), null);

  unbanned = connect({ roomId: ROOM, clientId: 'c4', userRef: 'u-4', role: 'participant' });
  await connected(unbanned);
  await node.waitLine(/^JOINED r1 c4 /);

  const bad = connect({ roomId: 'r 1', clientId: 'c6', userRef: 'u-6', role: 'participant' });
  await assert.rejects(connected(bad), { message: 'invalid roomId' });
  const badRole = connect({ roomId: ROOM, clientId: 'c7', userRef: 'u-7', role: 'admin' });
  await assert.rejects(connected(badRole), { message: 'role does not match token' });
});

test('joins without a valid participant token are refused', { timeout: 10000 }, async () => {
  const now = Math.floor(Date.now() / 1000);
  const auth = { roomId: ROOM, clientId: 'cj', role: 'participant' };
  const refused = {
    'no token': undefined,
    'not a JWT': 'not-a-jwt',
    'bad signature': token({ sub: 'u-j' }, { key: keyPair().privateKey }),
    'HS256 with the public key as secret': (() => {
      const [h, p] = [{ alg: 'HS256', typ: 'JWT' }, { iss: ISSUER, aud: AUDIENCE, sub: 'u-j', iat: now, exp: now + 300 }]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'));
      return `${h}.${p}.${Buffer.alloc(32).toString('base64url')}`;
    })(),
    'alg none': jwt.sign({ iss: ISSUER, aud: AUDIENCE, sub: 'u-j', iat: now, exp: now + 300 }, null, { algorithm: 'none' }),
    expired: token({ sub: 'u-j', iat: now - 600, exp: now - 31 }),
    'without exp': token({ sub: 'u-j', exp: undefined }),
    'issued in the future': token({ sub: 'u-j', iat: now + 120, exp: now + 600 }),
    'other issuer': token({ sub: 'u-j', iss: 'https://elsewhere.test' }),
    'other audience': token({ sub: 'u-j', aud: 'someone-else' }),
    'another room': token({ sub: 'u-j', room: 'r2' }),
    'without sub': token({}),
  };
  for (const [what, t] of Object.entries(refused)) {
    const s = connect({ ...auth, token: t });
    await assert.rejects(connected(s), { message: 'invalid token' }, what);
    s.disconnect();
  }
  // Within the 30 s skew: accepted.
  const skewed = connect({ ...auth, clientId: 'cj-skew', token: token({ sub: 'u-j', iat: now + 20, exp: now - 20 }) });
  await connected(skewed);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} cj-skew ${skewed.id}$`));
  const skewedId = skewed.id;
  skewed.disconnect();
  await node.waitLine(new RegExp(`^LEFT ${ROOM} cj-skew ${skewedId}$`));

  const otherUser = connect({ ...auth, userRef: 'u-someone-else', token: token({ sub: 'u-j' }) });
  await assert.rejects(connected(otherUser), { message: 'userRef does not match token' });
  const moderatorClaim = connect({ ...auth, role: 'moderator', token: token({ sub: 'u-j' }) });
  await assert.rejects(connected(moderatorClaim), { message: 'role does not match token' });
  assert.equal(await redis.hGet(LIVE, 'cj'), null);
});

test('userRef and role come from the token: sub and groups', { timeout: 10000 }, async () => {
  const mod = connect({ roomId: ROOM, clientId: 'cm', token: token({ sub: 'u-mod', groups: ['moderator'], room: ROOM }) });
  const plain = connect({ roomId: ROOM, clientId: 'cp', token: token({ sub: 'u-plain', groups: undefined }) });
  await Promise.all([connected(mod), connected(plain)]);
  await node.waitLine(new RegExp(`^JOINED ${ROOM} cm ${mod.id}$`));
  await node.waitLine(new RegExp(`^JOINED ${ROOM} cp ${plain.id}$`));
  const entry = async (clientId) => {
    const { userRef, role } = JSON.parse(await redis.hGet(LIVE, clientId));
    return { userRef, role };
  };
  assert.deepEqual(await entry('cm'), { userRef: 'u-mod', role: 'moderator' });
  assert.deepEqual(await entry('cp'), { userRef: 'u-plain', role: 'participant' });
  for (const [s, id] of [[mod, 'cm'], [plain, 'cp']]) {
    const sid = s.id;
    s.disconnect();
    await node.waitLine(new RegExp(`^LEFT ${ROOM} ${id} ${sid}$`));
  }
});

test('a banned user cannot rejoin by claiming another userRef: the ban is checked on sub', { timeout: 10000 }, async () => {
  await redis.zAdd(BANS, { value: 'u-banned', score: Date.now() + 60_000 });
  const auth = { roomId: ROOM, clientId: 'cb', role: 'participant' };
  const asItself = connect({ ...auth, token: token({ sub: 'u-banned' }) });
  await assert.rejects(connected(asItself), { message: 'banned' });
  const claimingOther = connect({ ...auth, userRef: 'u-fresh', token: token({ sub: 'u-banned' }) });
  await assert.rejects(connected(claimingOther), { message: 'userRef does not match token' });
  assert.equal(await redis.hGet(LIVE, 'cb'), null);
  assert.equal(await redis.hGet(USERS, 'u-fresh'), null);
  await redis.zRem(BANS, 'u-banned');
});

test('the node refuses to start without its JWT settings', { timeout: 10000 }, async () => {
  for (const unset of ['JWT_PUBLIC_KEY', 'JWT_ISSUER', 'JWT_AUDIENCE']) {
    const env = { ...process.env, ...JWT_ENV, REDIS_URL: `redis://127.0.0.1:${redisPort}`, PORT: '0', NODE_ID: 'sig-nokey' };
    delete env[unset];
    const proc = spawnLogged(process.execPath, [SERVER_JS], { env });
    assert.equal((await within(5000, proc.exited, 'exit')).code, 1, unset);
    await proc.waitLine(new RegExp(`refusing to start: .*${unset}`));
    assert.ok(!proc.lines.some((l) => l.startsWith('LISTENING')));
  }
  const env = { ...process.env, ...JWT_ENV, JWT_PUBLIC_KEY: join(KEY_DIR, 'missing.pem'), PORT: '0', NODE_ID: 'sig-nokey' };
  const proc = spawnLogged(process.execPath, [SERVER_JS], { env });
  assert.equal((await within(5000, proc.exited, 'exit')).code, 1);
  await proc.waitLine(/refusing to start: JWT_PUBLIC_KEY unusable/);
});

test('the node survives a Redis restart and re-registers its sockets', { timeout: 15000 }, async () => {
  redisServer.proc.kill('SIGKILL');
  await redisServer.exited;
  await node.waitLine(/redis cmd error/);
  await new Promise((r) => setTimeout(r, 500));
  await startRedis(); // empty: no persistence
  await node.waitLine(/redis link back: re-registered 2 entries/, 8000);
  assert.ok(unbanned.connected);
  assert.deepEqual(Object.keys(await redis.hGetAll(LIVE)).sort(), ['c1', 'c4']);
  assert.ok(await redis.ttl(`dropuser:node:${NODE_ID}`) > 0);

  // The adapter's subscriber reconnected too: a drop still reaches the client.
  const sid = unbanned.id;
  const payload = { cause: { code: 4503, msg: 'session-expired' }, roomId: ROOM, clientId: 'c4', requestId: 'req-2' };
  const gotEvent = new Promise((resolve) => unbanned.once('room-disconnected', resolve));
  const gotDisconnect = new Promise((resolve) => unbanned.once('disconnect', resolve));
  await within(3000, (async () => {
    // the subscriber may come back a moment after the command client
    while (((await redis.pubSubNumSub('socket.io-request#/#'))['socket.io-request#/#'] ?? 0) < 1) {
      await new Promise((r) => setTimeout(r, 100));
    }
  })(), 'adapter resubscribed');
  await publishClassicDrop(sid, payload);
  assert.deepEqual(await within(3000, gotEvent, 'room-disconnected'), payload);
  assert.equal(await within(3000, gotDisconnect, 'disconnect'), 'io server disconnect');
  await node.waitLine(new RegExp(`^LEFT ${ROOM} c4 ${sid}$`));
});

test('SIGTERM removes the heartbeat and the entries, and exits 0', { timeout: 10000 }, async () => {
  assert.ok(await redis.exists(`dropuser:node:${NODE_ID}`));
  node.proc.kill('SIGTERM');
  const { code } = await within(6000, node.exited, 'server exit');
  assert.equal(code, 0);
  assert.equal(await redis.exists(`dropuser:node:${NODE_ID}`), 0);
  assert.deepEqual(await redis.hGetAll(LIVE), {});
});

// The same drop in the formats of the two other adapters (contract section 6):
// both extend socket.io-adapter's ClusterAdapter, BROADCAST = 3, DISCONNECT_SOCKETS = 6.
const clusterMessages = (sid, payload) => [
  { uid: 'emitter', nsp: '/', type: 3,
    data: { packet: { type: 2, data: ['room-disconnected', payload], nsp: '/' }, opts: { rooms: [sid], except: [], flags: {} } } },
  { uid: 'emitter', nsp: '/', type: 6, data: { opts: { rooms: [sid], except: [] }, close: true } },
];
const otherModes = {
  // sharded adapter: SPUBLISH of the JSON envelope on the namespace channel
  sharded: (msg) => redis.sPublish('socket.io#/#', JSON.stringify(msg)),
  // streams adapter: XADD to stream "socket.io", every field a string, data as JSON text
  streams: (msg) => redis.xAdd('socket.io', '*',
    { uid: msg.uid, nsp: msg.nsp, type: String(msg.type), data: JSON.stringify(msg.data) }),
};

for (const [mode, publish] of Object.entries(otherModes)) {
  test(`a drop in ${mode} mode`, { timeout: 15000 }, async () => {
    const other = await startNode(`sig-${mode}`, mode);
    const room = `room-${mode}`;
    const s = connect({ roomId: room, clientId: 'c1', userRef: 'u-1', role: 'participant' }, other);
    await connected(s);
    const sid = s.id;
    await other.waitLine(new RegExp(`^JOINED ${room} c1 ${sid}$`));
    await redis.hSet(`dropuser:room:{${room}}:dropping`, 'c1',
      JSON.stringify({ requestId: `req-${mode}`, cause: 4502, at: Date.now(), attempts: 1 }));
    const payload = { cause: { code: 4502, msg: 'disconnected-by-service' }, roomId: room, clientId: 'c1', requestId: `req-${mode}` };
    const gotEvent = new Promise((resolve) => s.once('room-disconnected', resolve));
    const gotDisconnect = new Promise((resolve) => s.once('disconnect', resolve));
    for (const msg of clusterMessages(sid, payload)) await publish(msg);
    assert.deepEqual(await within(3000, gotEvent, 'room-disconnected'), payload);
    assert.equal(await within(3000, gotDisconnect, 'disconnect'), 'io server disconnect');
    await other.waitLine(new RegExp(`^LEFT ${room} c1 ${sid}$`));
    assert.equal(await redis.hGet(`dropuser:room:{${room}}:live`, 'c1'), null);
    assert.deepEqual(await redis.lRange(`dropuser:room:{${room}}:acks:req-${mode}`, 0, -1), ['c1']);
    other.proc.kill('SIGTERM');
    assert.equal((await within(6000, other.exited, 'server exit')).code, 0);
  });
}
