// Drives Chromium headless through the pages in test/pages/, against a running dropuser, the reference Socket.IO
// signaling node and a page server (all started by src/test/java/dev/dropuser/e2e/BrowserEndToEndTest).
// The browser: $CHROMIUM if set; else Debian's /usr/bin/chromium if installed; else the Chromium inside the npm
// package @sparticuz/chromium (locked in package-lock.json), unpacked on first use into node_modules/.cache/.
//
// Environment: SCENARIO (drop-one | drop-everyone | bad-input | lift-ban), PAGES_URL, API_URL, SIGNALING_URL, ROOM,
// MODERATOR_TOKEN, JOIN_TOKENS (JSON: userRef -> the JWT that user joins the signaling node with, its sub),
// UNREACHABLE_URL (bad-input), SCREENSHOT_DIR, CHROMIUM (optional).
//
// Protocol on stdout: "CHECKPOINT ready" once every page is connected and "CHECKPOINT dropped" once the pages show
// the drop, each time waiting for one line on stdin (the caller checks the registry meanwhile, while the pages are
// still open); at the end "RESULT <json>" and "PASS <scenario>", or "FAIL <scenario>: <why>" and exit code 1.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`environment variable ${name} is not set`);
  return value;
};
const SCENARIO = env('SCENARIO');
const SCREENSHOT_DIR = env('SCREENSHOT_DIR');
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
// The test machines reach only package registries: nothing in the browser may phone home.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-domain-reliability', '--no-pings', '--metrics-recording-only'];
// The packaged Chromium's serverless defaults turn these on; the bad-input scenario needs the browser to enforce
// CORS, so they are left out.
const WEAKENS_THE_PAGE = new Set(['--disable-web-security', '--allow-running-insecure-content']);
// Not the package's default /tmp/chromium: that one is shared by every checkout on the machine and written in place,
// so a concurrent or interrupted unpack would leave a truncated binary there for good. Inside node_modules, `npm ci`
// also throws it away whenever the locked version changes.
const PACKAGED_CHROMIUM_HOME = fileURLToPath(new URL('../node_modules/.cache/sparticuz-chromium/', import.meta.url));
const PATIENCE_MS = 10_000;
const MODERATOR_NOTICE = 'The moderator removed you from the room.';

class Failure extends Error {}
function check(condition, what, actual) {
  if (!condition) throw new Failure(`${what}${actual === undefined ? '' : `; got ${JSON.stringify(actual)}`}`);
}

function roomUrl({ pagesUrl = env('PAGES_URL'), api = env('API_URL'), signaling = env('SIGNALING_URL'),
  clientId, userRef, role, participants = [], token = env('MODERATOR_TOKEN') }) {
  const query = new URLSearchParams({ api, room: env('ROOM'), clientId, userRef, role, participants: participants.join(',') });
  const fragment = new URLSearchParams({ token });
  if (signaling) {
    query.set('signaling', signaling);
    const joinToken = JSON.parse(env('JOIN_TOKENS'))[userRef];
    check(joinToken !== undefined, `no join token for ${userRef} in JOIN_TOKENS`);
    fragment.set('joinToken', joinToken);
  }
  return `${pagesUrl}/room.html?${query}#${fragment}`;
}

/** Opens a page in its own browser context (its own user), remembering every uncaught error it throws. */
async function open(browser, name, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  page.name = name;
  await page.goto(url);
  return page;
}

const text = (page, id) => page.locator(`#${id}`).textContent();

async function waitForText(page, id, predicate, what) {
  const deadline = Date.now() + PATIENCE_MS;
  let current;
  while (Date.now() < deadline) {
    current = await text(page, id);
    if (predicate(current)) return current;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Failure(`${page.name}: ${what}; #${id} is ${JSON.stringify(current)}`);
}

const waitForJson = async (page, id, what) => JSON.parse(await waitForText(page, id, (t) => t !== '', what));

const stdin = createInterface({ input: process.stdin });
const stdinLines = stdin[Symbol.asyncIterator]();
async function checkpoint(name) {
  console.log(`CHECKPOINT ${name}`);
  await stdinLines.next(); // one line, or the end of input
}

async function seatRoom(browser) {
  const moderator = await open(browser, 'moderator',
    roomUrl({ clientId: 'mod-1', userRef: 'u-mod', role: 'moderator', participants: ['alice', 'bob'] }));
  const alice = await open(browser, 'alice', roomUrl({ clientId: 'alice', userRef: 'u-alice', role: 'participant' }));
  const bob = await open(browser, 'bob', roomUrl({ clientId: 'bob', userRef: 'u-bob', role: 'participant' }));
  for (const page of [moderator, alice, bob]) {
    await waitForText(page, 'connection', (t) => t === 'connected', 'not connected to the signaling node');
  }
  await checkpoint('ready');
  return { moderator, alice, bob };
}

async function expectDropped(page, drop) {
  const message = await waitForJson(page, 'event', 'no room-disconnected event');
  check(isDeepStrictEqual(message.cause, { code: 4501, msg: 'disconnected-by-moderator' }),
    `${page.name}: cause is not 4501 disconnected-by-moderator`, message.cause);
  check(message.clientId === page.name && message.roomId === env('ROOM') && message.requestId === drop.requestId,
    `${page.name}: payload does not name this client, room and request`, message);
  check(await text(page, 'notice') === MODERATOR_NOTICE, `${page.name}: the page does not show the cause`);
  await waitForText(page, 'connection', (t) => t.startsWith('disconnected'), 'still connected after the drop');
  return message;
}

async function expectStillConnected(page) {
  check(await text(page, 'connection') === 'connected', `${page.name}: lost its connection`, await text(page, 'connection'));
  check(await text(page, 'event') === '', `${page.name}: received room-disconnected`, await text(page, 'event'));
}

const scenarios = {
  /** The moderator drops alice with dropUser([clientId], callback): bob stays. */
  async 'drop-one'(browser) {
    const { moderator, alice, bob } = await seatRoom(browser);
    await moderator.getByRole('button', { name: 'Drop alice' }).click();
    const drop = await waitForJson(moderator, 'drop-result', 'the dropUser callback was not called');
    check(drop.result === 0 && drop.msg === 'Success', 'callback result is not 0 Success', drop);
    check(isDeepStrictEqual(drop.clients, [{ clientId: 'alice', status: 'dropped' }]), 'clients', drop.clients);
    check(await text(moderator, 'notice') === 'alice: dropped', 'the moderator page does not show the outcome');
    const event = await expectDropped(alice, drop);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectStillConnected(bob);
    await expectStillConnected(moderator);
    await checkpoint('dropped');
    return { pages: [moderator, alice, bob], result: { drop, events: { alice: event } } };
  },

  /** The moderator drops everyone with dropUser([], callback): both participants go, the moderator stays. */
  async 'drop-everyone'(browser) {
    const { moderator, alice, bob } = await seatRoom(browser);
    await moderator.getByRole('button', { name: 'Drop everyone' }).click();
    const drop = await waitForJson(moderator, 'drop-result', 'the dropUser callback was not called');
    check(drop.result === 0, 'callback result is not 0', drop);
    const clients = [...drop.clients].sort((a, b) => a.clientId.localeCompare(b.clientId));
    check(isDeepStrictEqual(clients, [{ clientId: 'alice', status: 'dropped' }, { clientId: 'bob', status: 'dropped' }]),
      'clients', drop.clients);
    const events = { alice: await expectDropped(alice, drop), bob: await expectDropped(bob, drop) };
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectStillConnected(moderator);
    await checkpoint('dropped');
    return { pages: [moderator, alice, bob], result: { drop, events } };
  },

  /** Failures reach the callback as a non-zero result, never as an exception in the page. */
  async 'bad-input'(browser) {
    const moderatorOf = (name, overrides) => open(browser, name, roomUrl({
      clientId: 'mod-1', userRef: 'u-mod', role: 'moderator', participants: ['alice'], signaling: '', ...overrides }));
    const pages = [
      await moderatorOf('unreachable', { api: env('UNREACHABLE_URL') }),
      await moderatorOf('not-json', { api: `${env('PAGES_URL')}/proxy-error` }),
      await moderatorOf('bad-token', { token: 'not-a-jwt' }),
      // Same page, same port, but origin "localhost" instead of "127.0.0.1": not allowed by dropuser's CORS.
      await moderatorOf('other-origin', { pagesUrl: env('PAGES_URL').replace('127.0.0.1', 'localhost') }),
    ];
    const answers = {};
    for (const page of pages) {
      await page.getByRole('button', { name: 'Drop alice' }).click();
      answers[page.name] = await waitForJson(page, 'drop-result', 'the dropUser callback was not called');
    }
    const { unreachable, 'not-json': notJson, 'bad-token': badToken, 'other-origin': otherOrigin } = answers;
    check(unreachable.result === -1 && unreachable.msg === 'Network Error' && typeof unreachable.error === 'string',
      'unreachable service: not the network error', unreachable);
    check(notJson.result === -2 && notJson.msg === 'Invalid Response' && notJson.error.startsWith('HTTP 502'),
      'HTML answer: not the invalid-response error', notJson);
    check(badToken.result === 1001 && badToken.msg === 'Invalid Token' && typeof badToken.requestId === 'string'
      && typeof badToken.error === 'string' && Object.keys(badToken).length === 4,
      'bad token: not the service\'s 1001 answer, unchanged', badToken);
    check(otherOrigin.result === -1, 'origin not allowed by CORS: not the network error', otherOrigin);
    return { pages, result: answers };
  },
};

async function launchChromium() {
  const chosen = process.env.CHROMIUM ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
  if (chosen !== undefined) {
    console.log(`BROWSER ${chosen}`);
    return chromium.launch({ executablePath: chosen, headless: true, args: CHROMIUM_ARGS });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await unpackOnce(packaged);
  console.log(`BROWSER ${executablePath} (@sparticuz/chromium)`);
  const args = packaged.args.filter((arg) => !WEAKENS_THE_PAGE.has(arg));
  return chromium.launch({ executablePath, headless: true, args: [...args, ...CHROMIUM_ARGS] });
}

/** Unpacks the packaged Chromium (and its libraries) into a fresh directory, then renames it into place. */
async function unpackOnce(packaged) {
  const binary = join(PACKAGED_CHROMIUM_HOME, 'chromium');
  if (existsSync(binary)) return binary;
  await mkdir(join(PACKAGED_CHROMIUM_HOME, '..'), { recursive: true });
  const staging = await mkdtemp(join(PACKAGED_CHROMIUM_HOME, '..', 'unpacking-'));
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = staging; // the package unpacks into os.tmpdir()
  try {
    await packaged.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  try {
    await rename(staging, PACKAGED_CHROMIUM_HOME);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw err; // else another run got there first
  }
  return binary;
}

/** The moderation page: `users` get Ban / Lift ban buttons, plus List bans and Drop history. */
function moderationUrl(users) {
  const query = new URLSearchParams({ api: env('API_URL'), room: env('ROOM'), users: users.join(',') });
  return `${env('PAGES_URL')}/moderation.html?${query}#${new URLSearchParams({ token: env('MODERATOR_TOKEN') })}`;
}

async function clickForJson(page, button, id, previous = '') {
  await page.getByRole('button', { name: button, exact: true }).click();
  return JSON.parse(await waitForText(page, id, (t) => t !== '' && t !== previous, `no answer to "${button}"`));
}

scenarios['lift-ban'] = async (browser) => {
  /** A moderator bans alice everywhere (dropUser with userRefs), alice's rejoin is refused, the ban is lifted
   * (liftBan), and alice joins again; listBans and dropHistory show the records on the way. */
  const { moderator, alice, bob } = await seatRoom(browser);
  const records = await open(browser, 'records', moderationUrl(['u-alice']));
  const ban = await clickForJson(records, 'Ban u-alice', 'ban-result');
  check(ban.result === 0 && ban.clients.length === 1 && ban.clients[0].clientId === 'alice'
    && ban.clients[0].userRef === 'u-alice' && ban.clients[0].status === 'dropped'
    && Number.isInteger(ban.clients[0].banUntil), 'ban of u-alice: not one dropped item with userRef and banUntil', ban);
  const event = await expectDropped(alice, ban);

  await alice.reload();
  await waitForText(alice, 'connection', (t) => t === 'refused (banned)', 'a banned user joined again');
  const bans = await clickForJson(records, 'List bans', 'bans-result');
  check(bans.result === 0 && bans.bans.length === 1 && bans.bans[0].userRef === 'u-alice'
    && bans.bans[0].until === ban.clients[0].banUntil, 'listBans does not show the ban', bans);

  const lift = await clickForJson(records, 'Lift ban u-alice', 'lift-result');
  check(lift.result === 0 && lift.lifted === true && lift.userRef === 'u-alice', 'liftBan did not lift the ban', lift);
  await alice.reload();
  await waitForText(alice, 'connection', (t) => t === 'connected', 'the user whose ban was lifted cannot join');
  await checkpoint('rejoined');

  const history = await clickForJson(records, 'Drop history', 'history-result');
  check(history.result === 0 && history.next === null, 'dropHistory: not one last page', history);
  const triggers = history.drops.map((d) => d.trigger);
  check(isDeepStrictEqual(triggers, ['api', 'unban']), 'dropHistory: not the ban then its lifting', triggers);
  check(history.drops[0].requestId === ban.requestId && history.drops[0].by === 'u-mod'
    && history.drops[0].reason === 'spam' && history.drops[0].banSeconds === 600, 'dropHistory: the ban entry', history.drops[0]);
  await expectStillConnected(bob);
  await expectStillConnected(moderator);
  return { pages: [moderator, alice, bob, records], result: { ban, bans, lift, history, events: { alice: event } } };
};

async function main() {
  const scenario = scenarios[SCENARIO];
  if (!scenario) throw new Error(`unknown SCENARIO ${SCENARIO}; one of ${Object.keys(scenarios).join(', ')}`);
  const browser = await launchChromium();
  let pages = [];
  try {
    const outcome = await scenario(browser);
    pages = outcome.pages;
    for (const page of pages) check(page.errors.length === 0, `${page.name}: uncaught errors in the page`, page.errors);
    console.log(`RESULT ${JSON.stringify(outcome.result)}`);
  } finally {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        const name = page.name ?? 'page';
        await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true }).catch(() => {});
      }
    }
    await browser.close();
  }
}

try {
  await main();
  console.log(`PASS ${SCENARIO}`);
} catch (err) {
  console.log(`FAIL ${SCENARIO}: ${err instanceof Failure ? err.message : err.stack}`);
  process.exitCode = 1;
} finally {
  stdin.close();
}
