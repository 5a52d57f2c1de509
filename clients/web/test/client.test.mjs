// Unit test of dropuser-room.js in Node (fetch, EventTarget and AbortSignal.timeout are built in), against a stub
// of dropuser on loopback: what each call sends, and that every answer reaches the callback unchanged.
// Run: node --test   (no browser needed; the browser end-to-end test is test/browser.e2e.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRoom, ClientResult } from '../dropuser-room.js';

let server;
let apiUrl;
const seen = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization,
        contentType: req.headers['content-type'], body });
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ result: 0, msg: 'Success', echo: req.url }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${server.address().port}/`;
});

after(() => server.close());

function call(fn) {
  seen.length = 0;
  return new Promise((resolve) => {
    const returned = fn((res) => resolve({ res, returned }));
  }).then(async ({ res, returned }) => ({ res, returned: await returned, request: seen[0] }));
}

const room = () => createRoom({ apiUrl, roomId: 'room 1', token: () => 'jwt-1' });

test('dropUser with userRefs posts them beside no clientIds', async () => {
  const { res, returned, request } = await call((cb) => room().dropUser({ userRefs: ['u-1', 'u-2'] }, cb, { banSeconds: 60 }));
  assert.equal(res.result, 0);
  assert.equal(returned, res);
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/v1/rooms/room%201/drop');
  assert.equal(request.authorization, 'Bearer jwt-1');
  assert.equal(request.contentType, 'application/json');
  assert.deepEqual(JSON.parse(request.body), { userRefs: ['u-1', 'u-2'], banSeconds: 60 });
});

test('dropUser with a list keeps the v1 body', async () => {
  const { request } = await call((cb) => room().dropUser([], cb));
  assert.deepEqual(JSON.parse(request.body), { clientIds: [] });
});

test('listBans gets the room\'s bans', async () => {
  const { res, request } = await call((cb) => room().listBans(cb));
  assert.equal(res.result, 0);
  assert.deepEqual([request.method, request.url, request.body], ['GET', '/v1/rooms/room%201/bans', '']);
  assert.equal(request.contentType, undefined);
});

test('liftBan deletes the user\'s ban, the userRef encoded', async () => {
  const { request } = await call((cb) => room().liftBan('u:1/x', cb));
  assert.deepEqual([request.method, request.url], ['DELETE', '/v1/rooms/room%201/bans/u%3A1%2Fx']);
});

test('dropHistory pages with after and limit, and without them', async () => {
  const { request } = await call((cb) => room().dropHistory({ after: '1764230400000-0', limit: 2 }, cb));
  assert.deepEqual([request.method, request.url], ['GET', '/v1/rooms/room%201/drops?after=1764230400000-0&limit=2']);
  const { request: plain } = await call((cb) => room().dropHistory({}, cb));
  assert.equal(plain.url, '/v1/rooms/room%201/drops');
});

test('no answer reaches the callback as the network error', async () => {
  const offline = createRoom({ apiUrl: 'http://127.0.0.1:9', roomId: 'r1', token: 'jwt' });
  const res = await new Promise((resolve) => offline.listBans(resolve));
  assert.equal(res.result, ClientResult.NETWORK_ERROR);
});

test('a failing token function reaches the callback as request-not-sent', async () => {
  const broken = createRoom({ apiUrl, roomId: 'r1', token: () => { throw new Error('no session'); } });
  const res = await new Promise((resolve) => broken.liftBan('u-1', resolve));
  assert.equal(res.result, ClientResult.REQUEST_NOT_SENT);
});
