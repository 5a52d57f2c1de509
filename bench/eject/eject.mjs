// Time to eject, end to end (docs/BENCHMARKS.md, "Time to eject"): from the moderator's POST until the
// participant's socket.io-client gets `room-disconnected`, until its socket is closed, and until the HTTP answer.
// Real reference signaling node (examples/socketio-signaling), real socket.io-client over WebSocket, the packaged
// service, its own redis-server. Not a test: never in CI, never gates anything on time. bench/eject/run.sh runs it.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { createSign } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'socketio-signaling');
const require = createRequire(join(EXAMPLE, 'package.json'));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);
const { io: connectClient } = await load('socket.io-client');
const { createClient } = await load('redis');
const msgpack = (await load('notepack.io')).default;

// --- options -------------------------------------------------------------------------------------------------
const opts = {
  rounds: 1000, warmup: 10, fanoutRounds: 20, fanoutClients: 100, modes: 'classic,sharded,streams',
  modeRounds: 300, loadSeconds: 20, loadRate: 1000, peerUrl: '', peerCmd: '', out: '', jar: 'target/quarkus-app/quarkus-run.jar', javaOpts: '', java: 'java', cwd: '', warmUpDrops: -1,
};
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opts)) { console.error(`unknown option ${process.argv[i]}`); process.exit(2); }
  opts[key] = typeof opts[key] === 'number' ? Number(process.argv[++i]) : process.argv[++i];
}
const OUT = opts.out || join(ROOT, 'bench', 'out', `eject-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
mkdirSync(OUT, { recursive: true });
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'dropuser';
const KEYS = join(ROOT, 'src', 'test', 'resources', 'test-keys');
const ADAPTER_TO_SIGNALING = { classic: 'socketio', sharded: 'socketio-sharded', streams: 'socketio-streams' };

// --- processes -----------------------------------------------------------------------------------------------
const children = [];
process.on('exit', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer().on('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function start(cmd, args, env, logName, cwd = ROOT) {
  const proc = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  const lines = [];
  const waiters = [];
  const logFile = join(OUT, logName);
  writeFileSync(logFile, '');
  const onLine = (line) => {
    if (lines.length < 5000) lines.push(line);
    for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.ok(line); }
  };
  createInterface({ input: proc.stdout }).on('line', onLine);
  createInterface({ input: proc.stderr }).on('line', onLine);
  proc.waitLine = (re, ms = 30000) => new Promise((ok, fail) => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return ok(seen);
    const timer = setTimeout(() => fail(new Error(`${logName}: no ${re} in ${ms} ms:\n${lines.slice(-20).join('\n')}`)), ms);
    waiters.push({ re, ok: (l) => { clearTimeout(timer); ok(l); } });
  });
  proc.stop = () => new Promise((ok) => {
    writeFileSync(logFile, lines.join('\n') + '\n');
    if (proc.exitCode !== null) return ok();
    proc.once('exit', ok);
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 8000).unref();
  });
  return proc;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

// --- tokens (RS256 with the test keys; the service and the signaling node run with the %test issuer and audience) --
const PRIVATE_KEY = readFileSync(join(KEYS, 'privateKey.pem'));
function token(groups, sub, room) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub, groups, iat, exp: iat + 3600, ...(room ? { room } : {}) })}`;
  const sig = createSign('RSA-SHA256').update(head).sign(PRIVATE_KEY).toString('base64url');
  return `${head}.${sig}`;
}
const SERVICE_TOKEN = token(['service'], 'bench-service');

// No cap on sockets: at a fixed rate each drop holds one for as long as it confirms, and a cap would queue here.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
function post(base, room, body) {
  return new Promise((ok, fail) => {
    const url = new URL(`/v1/rooms/${encodeURIComponent(room)}/drop`, base);
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': data.length, Authorization: `Bearer ${SERVICE_TOKEN}` },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        try { ok({ status: res.statusCode, body: JSON.parse(text) }); } catch { ok({ status: res.statusCode, body: text }); }
      });
    });
    req.on('error', fail);
    req.end(data);
  });
}

// --- statistics --------------------------------------------------------------------------------------------------
function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const f = (ms) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : '-');
const p5099 = (v) => `${f(pct(v, 50))} / ${f(pct(v, 99))}`;

async function commandstats(redis) {
  const stats = {};
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (m) stats[m[1]] = Number(m[2]);
  }
  return stats;
}
const delta = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] || 0)]).filter(([, v]) => v));

// --- a participant ------------------------------------------------------------------------------------------------
function participant(nodePort, roomId, clientId) {
  const socket = connectClient(`http://127.0.0.1:${nodePort}`, {
    // The node takes the userRef from the token's sub (signed before the clock of any measurement starts).
    auth: { token: token(['participant'], `u-${clientId}`, roomId), roomId, clientId, userRef: `u-${clientId}`, role: 'participant' },
    transports: ['websocket'], forceNew: true, reconnection: false, timeout: 5000,
  });
  const seen = {};
  const settled = {};
  const marks = ['event', 'disconnect', 'close'];
  const waits = Object.fromEntries(marks.map((m) => [m, new Promise((ok) => { settled[m] = ok; })]));
  const mark = (m, extra) => { if (!(m in seen)) { seen[m] = now(); if (extra) seen[`${m}Why`] = extra; settled[m](); } };
  socket.on('room-disconnected', () => mark('event'));
  socket.on('disconnect', (why) => mark('disconnect', why));
  const connected = new Promise((ok, fail) => {
    socket.once('connect', () => {
      // The engine's close: the WebSocket is closed (by the server's disconnect, or by the client right after it).
      socket.io.engine.once('close', (why) => mark('close', why));
      ok();
    });
    socket.once('connect_error', fail);
  });
  return { socket, seen, waits, connected };
}

async function registered(redis, roomId, clientIds) {
  const key = `dropuser:room:{${roomId}}:live`;
  for (let i = 0; i < 5000; i++) {
    const present = await redis.hmGet(key, clientIds);
    if (present.every((v) => v !== null)) return;
    await sleep(1);
  }
  throw new Error(`${roomId}: entries never written`);
}

// One client, one drop: the three times after the POST.
async function singleDrops(base, redis, nodePort, label, rounds, warmup, expect) {
  const rows = [];
  const statuses = {};
  let before = null;
  for (let i = 0; i < warmup + rounds; i++) {
    if (i === warmup) before = await commandstats(redis);
    const roomId = `eject-${label}`;
    const clientId = `c${i}`;
    const p = participant(nodePort, roomId, clientId);
    await p.connected;
    await registered(redis, roomId, [clientId]);
    const t0 = now();
    const answer = await post(base, roomId, { clientIds: [clientId] });
    const tAnswer = now();
    await Promise.race([Promise.all([p.waits.event, p.waits.close]), sleep(3000)]);
    p.socket.close();
    const status = answer.body?.clients?.[0]?.status ?? `http-${answer.status}`;
    if (i >= warmup) {
      statuses[status] = (statuses[status] || 0) + 1;
      rows.push({ event: p.seen.event - t0, close: p.seen.close - t0, disconnect: p.seen.disconnect - t0, answer: tAnswer - t0 });
    }
  }
  // Let the last disconnect's script and the answer's confirm finish before reading the counters.
  await sleep(200);
  const cmds = delta(before, await commandstats(redis));
  const unexpected = Object.keys(statuses).filter((s) => s !== expect);
  if (unexpected.length) console.error(`bench: ${label}: answers ${JSON.stringify(statuses)}, expected ${expect}`);
  return { rows, statuses, cmds };
}

// The floor: the same two messages dropuser publishes, sent by this process itself (no HTTP, no token, no JVM).
const floorPublish = {
  classic: async (redis, sid, payload) => {
    await redis.publish(`socket.io#/#${sid}#`, msgpack.encode(['emitter',
      { type: 2, data: ['room-disconnected', payload], nsp: '/' }, { rooms: [sid], except: [], flags: {} }]));
    await redis.publish('socket.io-request#/#', JSON.stringify({ uid: 'emitter', type: 4, opts: { rooms: [sid], except: [] }, close: true }));
  },
  sharded: async (redis, sid, payload) => {
    for (const m of clusterMessages(sid, payload)) await redis.sPublish('socket.io#/#', JSON.stringify(m));
  },
  streams: async (redis, sid, payload) => {
    for (const m of clusterMessages(sid, payload)) {
      await redis.xAdd('socket.io', '*', { uid: m.uid, nsp: m.nsp, type: String(m.type), data: JSON.stringify(m.data) });
    }
  },
};
function clusterMessages(sid, payload) {
  return [
    { uid: 'emitter', nsp: '/', type: 3, data: { packet: { type: 2, data: ['room-disconnected', payload], nsp: '/' }, opts: { rooms: [sid], except: [], flags: {} } } },
    { uid: 'emitter', nsp: '/', type: 6, data: { opts: { rooms: [sid], except: [] }, close: true } },
  ];
}

async function floorDrops(redis, nodePort, mode, rounds, warmup) {
  const rows = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const roomId = `floor-${mode}`;
    const clientId = `f${i}`;
    const p = participant(nodePort, roomId, clientId);
    await p.connected;
    await registered(redis, roomId, [clientId]);
    const payload = { cause: { code: 4502, msg: 'disconnected-by-service' }, roomId, clientId, requestId: `floor-${i}` };
    const t0 = now();
    await floorPublish[mode](redis, p.socket.id, payload);
    await Promise.race([Promise.all([p.waits.event, p.waits.close]), sleep(3000)]);
    p.socket.close();
    if (i >= warmup) rows.push({ event: p.seen.event - t0, close: p.seen.close - t0 });
  }
  return rows;
}

// Everyone in a room of n, one `[]` drop: until the last socket is closed, and until the answer.
async function fanoutDrops(base, redis, nodePort, label, n, rounds) {
  const rows = [];
  const statuses = {};
  let before = null;
  for (let r = 0; r < rounds + 1; r++) {
    if (r === 1) before = await commandstats(redis);
    const roomId = `fan-${label}-${r}`;
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const ps = ids.map((id) => participant(nodePort, roomId, id));
    await Promise.all(ps.map((p) => p.connected));
    await registered(redis, roomId, ids);
    const t0 = now();
    const answer = await post(base, roomId, { clientIds: [] });
    const tAnswer = now();
    await Promise.race([Promise.all(ps.map((p) => p.waits.close)), sleep(5000)]);
    for (const p of ps) p.socket.close();
    if (r === 0) continue; // warm-up
    for (const c of answer.body?.clients ?? []) statuses[c.status] = (statuses[c.status] || 0) + 1;
    rows.push({ lastClose: Math.max(...ps.map((p) => p.seen.close ?? Infinity)) - t0, answer: tAnswer - t0 });
    await sleep(100);
  }
  const cmds = before ? delta(before, await commandstats(redis)) : {};
  return { rows, statuses, cmds };
}

// --- the connection budget: dropuser at a fixed rate against a stand-in tier (no sockets: 1,000 real
// connects per second would measure the node, not dropuser), with CLIENT LIST sampled all along -----------------------
async function loadRun(base, servicePid, redis, redisUrl, acking, seconds, rate) {
  const rooms = 2000;
  const node = 'sig-load';
  const removal = /const REMOVE_IF_OWNER = `(.*?)`;/s.exec(readFileSync(join(EXAMPLE, 'server.js'), 'utf8'))[1];
  await redis.set(`dropuser:node:${node}`, '1', { EX: 600 });
  const entry = (r) => JSON.stringify({ node, sid: `sid-${r}`, userRef: `u-${r}`, role: 'participant', joinedAt: Date.now() });
  for (let r = 0; r < rooms; r++) await redis.hSet(`dropuser:room:{load-${r}}:live`, 'c', entry(r));
  const tier = createClient({ url: redisUrl });
  const sub = tier.duplicate();
  await tier.connect();
  await sub.connect();
  // The stand-in tier: on the disconnect request, the reference node's removal (with its ack) or a bare HDEL,
  // then the client joins again 300 ms later, before its room's next drop (every 2 s).
  await sub.subscribe('socket.io-request#/#', (message) => {
    const sid = JSON.parse(message).opts.rooms[0];
    const r = Number(sid.slice(4));
    const live = `dropuser:room:{load-${r}}:live`;
    const removed = acking
      ? tier.eval(removal, { keys: [live, `dropuser:room:{load-${r}}:dropping`, `dropuser:room:{load-${r}}:acks:`], arguments: ['c', sid] })
      : tier.hDel(live, 'c');
    removed.then(() => setTimeout(() => tier.hSet(live, 'c', entry(r)).catch(() => {}), 300)).catch(() => {});
  });
  // dropuser's connections: its process' TCP connections to Redis (ss), whatever they are used for; the blocked
  // ones: clients Redis has blocked (CLIENT LIST flag b: only dropuser's BLMPOP blocks here).
  const redisPort = new URL(redisUrl).port;
  const samples = [];
  const sampler = setInterval(async () => {
    const list = await redis.clientList();
    const ss = spawnSync('ss', ['-tnpH', 'state', 'established', 'dst', `127.0.0.1:${redisPort}`], { encoding: 'utf8' }).stdout || '';
    const total = ss.split('\n').filter((l) => l.includes(`pid=${servicePid},`)).length;
    samples.push({ total, blocked: list.filter((c) => c.flags?.includes('b')).length });
  }, 100);
  const before = await commandstats(redis);
  const statuses = {};
  const latencies = [];
  const inflight = [];
  const end = now() + seconds * 1000;
  let next = now();
  let i = 0;
  while (now() < end) {
    next += -Math.log(1 - Math.random()) * (1000 / rate);
    const wait = next - now();
    if (wait > 1) await sleep(wait);
    const room = `load-${i++ % rooms}`;
    const t0 = now();
    inflight.push(post(base, room, { clientIds: ['c'] }).then((a) => {
      latencies.push(now() - t0);
      const s = a.body?.clients?.[0]?.status ?? `http-${a.status}`;
      statuses[s] = (statuses[s] || 0) + 1;
    }, () => { statuses.error = (statuses.error || 0) + 1; }));
  }
  await Promise.all(inflight);
  clearInterval(sampler);
  await sleep(400);
  const cmds = delta(before, await commandstats(redis));
  await sub.close();
  await tier.close();
  return { requests: i, seconds, statuses, latencies, samples, cmds };
}

// --- main --------------------------------------------------------------------------------------------------------
const redisPort = await freePort();
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const redisServer = start('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, 'redis.log');
await redisServer.waitLine(/Ready to accept connections/);
const redis = createClient({ url: redisUrl });
redis.on('error', () => {});
await redis.connect();

async function startNode(mode) {
  const proc = start(process.execPath, [join(EXAMPLE, 'server.js')], {
    REDIS_URL: redisUrl, PORT: '0', NODE_ID: `sig-${mode}`, ADAPTER_MODE: mode,
    JWT_PUBLIC_KEY: join(KEYS, 'publicKey.pem'), JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE,
  }, `node-${mode}.log`);
  proc.port = Number((await proc.waitLine(/^LISTENING /)).split(' ')[1]);
  return proc;
}

// Started as an operator runs it: callers come once the readiness check says the priming is done.
async function startService(mode) {
  const port = await freePort();
  const management = await freePort();
  const started = now();
  const proc = start(opts.java, [...opts.javaOpts.split(' ').filter(Boolean), '-jar', opts.jar], {
    QUARKUS_HTTP_PORT: String(port), QUARKUS_REDIS_HOSTS: redisUrl,
    MP_JWT_VERIFY_PUBLICKEY_LOCATION: join(KEYS, 'publicKey.pem'), MP_JWT_VERIFY_ISSUER: ISSUER, MP_JWT_VERIFY_AUDIENCES: AUDIENCE,
    DROPUSER_SIGNALING_MODE: ADAPTER_TO_SIGNALING[mode], DROPUSER_RATE_LIMIT_ROOM: '0', DROPUSER_RATE_LIMIT_CALLER: '0',
    DROPUSER_CLEANUP_EVERY: '24h', QUARKUS_LOG_CATEGORY__DEV_DROPUSER_API__LEVEL: 'WARN',
    QUARKUS_MANAGEMENT_PORT: String(management), ...(opts.warmUpDrops >= 0 ? { DROPUSER_STARTUP_WARM_UP_DROPS: String(opts.warmUpDrops) } : {}),
  }, `service-${mode}.log`, opts.cwd ? resolve(ROOT, opts.cwd) : ROOT);
  proc.base = `http://127.0.0.1:${port}`;
  await proc.waitLine(/Listening on/, 60000);
  const ready = () => fetch(`http://127.0.0.1:${management}/q/health/ready`).then((r) => r.ok, () => false);
  while (!(await ready())) {
    if (now() - started > 120000) throw new Error('the service did not report ready within 120 s');
    await sleep(20);
  }
  proc.readyMs = now() - started;
  return proc;
}

async function startPeer(mode) {
  if (!opts.peerUrl && !opts.peerCmd) return null;
  if (!opts.peerCmd) return { base: opts.peerUrl, stop: async () => {} };
  // The peer command gets what it needs in its environment; it must answer the drop API at PORT.
  const port = await freePort();
  const proc = start('sh', ['-c', opts.peerCmd], {
    REDIS_URL: redisUrl, PORT: String(port), ADAPTER_MODE: mode, JWT_PUBLIC_KEY: join(KEYS, 'publicKey.pem'),
    JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE,
  }, `peer-${mode}.log`);
  proc.base = opts.peerUrl || `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { await post(proc.base, 'peer-probe', { clientIds: ['nobody'] }); return proc; } catch { await sleep(100); }
  }
  throw new Error(`peer did not answer at ${proc.base}`);
}

const table = [];
const raw = { machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, opts };
const row = (what, ours, peer, note = '') => table.push(`| ${what} | ${ours} | ${peer} | ${note} |`);

for (const mode of opts.modes.split(',')) {
  const node = await startNode(mode);
  const service = await startService(mode);
  const rounds = mode === 'classic' ? opts.rounds : opts.modeRounds;
  // The floor first: it warms the signaling node, Redis and this process, so that the first drops after the
  // service's start measure the service.
  console.error(`== ${mode}: floor`);
  const floor = await floorDrops(redis, node.port, mode, Math.min(rounds, 300), opts.warmup);
  console.error(`== ${mode}: ${rounds} single drops`);
  const single = await singleDrops(service.base, redis, node.port, mode, rounds, opts.warmup, 'dropped');
  console.error(`== ${mode}: ${opts.fanoutRounds} drops of ${opts.fanoutClients}`);
  const fan = await fanoutDrops(service.base, redis, node.port, mode, opts.fanoutClients, opts.fanoutRounds);
  let peer = null;
  const peerProc = await startPeer(mode);
  if (peerProc) {
    console.error(`== ${mode}: peer`);
    peer = await singleDrops(peerProc.base, redis, node.port, `peer-${mode}`, rounds, opts.warmup, 'pending');
    peer.fan = await fanoutDrops(peerProc.base, redis, node.port, `peer-${mode}`, opts.fanoutClients, opts.fanoutRounds);
    await peerProc.stop();
  }
  const col = (r, k) => r.map((x) => x[k]);
  const gap = single.rows.map((x) => x.answer - x.close);
  table.push(`| **${mode}** (${ADAPTER_TO_SIGNALING[mode]}), ${rounds} sequential drops of one client | | | |`);
  row('client receives `room-disconnected`', p5099(col(single.rows, 'event')), peer ? p5099(col(peer.rows, 'event')) : 'not run', `floor ${p5099(col(floor, 'event'))}`);
  row('socket closed', p5099(col(single.rows, 'close')), peer ? p5099(col(peer.rows, 'close')) : 'not run', `floor ${p5099(col(floor, 'close'))}`);
  row('HTTP answer', `**${p5099(col(single.rows, 'answer'))}** (${Object.entries(single.statuses).map(([k, v]) => `${v} ${k}`).join(', ')})`,
    peer ? `${p5099(col(peer.rows, 'answer'))} (${Object.keys(peer.statuses).join(', ')})` : 'not run', `answer − close: ${p5099(gap)}`);
  const perDrop = (c, n) => Object.entries(c).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ');
  if (mode === 'classic') {
    const first = (r) => r.slice(0, 100), last = (r) => r.slice(-100);
    const firstLast = (r) => `${p5099(col(first(r), 'event'))} → ${p5099(col(last(r), 'event'))}`;
    row(`event: the first 100 drops after the start → the last 100`, firstLast(single.rows), peer ? firstLast(peer.rows) : 'not run',
      `after ${opts.warmup} warm-up rounds; dropuser ready ${(service.readyMs / 1000).toFixed(1)} s after its start`);
  }
  row('Redis commands per drop (all clients of this Redis)', perDrop(single.cmds, rounds), peer ? perDrop(peer.cmds, rounds) : 'not run', '');
  row(`drop of ${opts.fanoutClients} (\`[]\`): last socket closed`, p5099(col(fan.rows, 'lastClose')), peer ? p5099(col(peer.fan.rows, 'lastClose')) : 'not run', `${opts.fanoutRounds} drops`);
  row(`drop of ${opts.fanoutClients} (\`[]\`): HTTP answer`, `${p5099(col(fan.rows, 'answer'))} (${Object.entries(fan.statuses).map(([k, v]) => `${v} ${k}`).join(', ')})`,
    peer ? p5099(col(peer.fan.rows, 'answer')) : 'not run', `answer − last close: ${p5099(fan.rows.map((x) => x.answer - x.lastClose))}`);
  row(`drop of ${opts.fanoutClients}: dropuser's commands per drop`, ['evalsha', 'blmpop'].map((k) => `${k} ${((fan.cmds[k] || 0) / Math.max(1, fan.rows.length)).toFixed(1)}`).join(', '),
    '-', 'EVALSHA: drop.lua, then confirm.lua once per registry read');
  raw[mode] = { single, floor, fan, peer };
  if (mode === 'classic') {
    writeFileSync(join(OUT, 'eject-classic.dat'), '# event close answer (ms after the POST), one drop a line\n'
      + single.rows.map((x) => `${x.event.toFixed(3)} ${x.close.toFixed(3)} ${x.answer.toFixed(3)}`).join('\n') + '\n');
    if (opts.loadSeconds > 0) {
      for (const acking of [true, false]) {
        console.error(`== classic: ${opts.loadRate}/s for ${opts.loadSeconds} s, a tier that ${acking ? 'acks' : 'does not ack'}`);
        const load = await loadRun(service.base, service.pid, redis, redisUrl, acking, opts.loadSeconds, opts.loadRate);
        raw[`load-${acking ? 'acks' : 'no-acks'}`] = { ...load, latencies: undefined };
        const conns = load.samples.map((s) => s.total);
        const blocked = load.samples.map((s) => s.blocked);
        table.push(`| **at ${opts.loadRate} drops/s (Poisson), ${opts.loadSeconds} s, stand-in tier that ${acking ? 'acks' : 'does not ack'}** | | | |`);
        row('answers', `${(load.requests / load.seconds).toFixed(0)}/s: ${Object.entries(load.statuses).map(([k, v]) => `${v} ${k}`).join(', ')}`, '-', `p50 / p99 ${p5099(load.latencies)} ms`);
        row('dropuser\'s Redis connections (CLIENT LIST, every 100 ms)', `max ${Math.max(...conns)}, mean ${(conns.reduce((a, b) => a + b, 0) / conns.length).toFixed(1)}`, '-',
          `blocked in BLMPOP: max ${Math.max(...blocked)}, mean ${(blocked.reduce((a, b) => a + b, 0) / blocked.length).toFixed(1)}`);
        row('Redis commands per drop', perDrop(load.cmds, load.requests), '-', '');
      }
    }
  }
  await service.stop();
  await node.stop();
}

await redis.close();
await redisServer.stop();
writeFileSync(join(OUT, 'results.json'), JSON.stringify(raw, null, 1));
const header = `| from POST to … (p50 / p99, ms) | dropuser | Node peer | notes |\n|---|---|---|---|`;
const md = `${header}\n${table.join('\n')}\n`;
writeFileSync(join(OUT, 'table.md'), md);
console.log(md);
console.log(`cores ${cpus().length} (${cpus()[0]?.model}), load average before the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}; raw: ${OUT}`);
