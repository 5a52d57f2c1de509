// Browser client for dropuser: room.dropUser(clientIds, callback) for the moderator, the moderation records
// (listBans, liftBan, dropHistory), and the "room-disconnected" event for the dropped participant. A plain ES
// module: no dependencies, no build step.

/**
 * Results this client makes itself when it has no answer of the service to hand over. They are negative,
 * so they can never clash with the service's own result codes (0 and up, CONTRACT §3).
 */
export const ClientResult = Object.freeze({
  /** No answer: offline, connection refused, the origin not allowed by CORS, or timed out. */
  NETWORK_ERROR: -1,
  /** An answer that is not the service's JSON, e.g. a proxy's HTML error page. */
  INVALID_RESPONSE: -2,
  /** The request could not be made: the token function failed, or the arguments cannot be written as JSON. */
  REQUEST_NOT_SENT: -3,
});

/**
 * The room as one page sees it.
 *
 * @param {object} options
 * @param {string} options.apiUrl  where dropuser answers, e.g. "https://dropuser.example.com"
 * @param {string} options.roomId
 * @param {string | (() => string | Promise<string>)} [options.token]  the moderator's JWT, or a function
 *   that returns a fresh one (called once per request); only needed for the calls to dropuser
 * @param {object} [options.socket]  this page's socket.io-client socket, connected to the signaling tier;
 *   only needed for the "room-disconnected" event
 * @param {number} [options.timeoutMs=10000]  how long each call waits for an answer
 */
export function createRoom({ apiUrl, roomId, token, socket, timeoutMs = 10000 }) {
  const listeners = new EventTarget();
  const roomUrl = `${String(apiUrl).replace(/\/+$/, '')}/v1/rooms/${encodeURIComponent(roomId)}`;

  socket?.on('room-disconnected', (payload) => {
    // The cause codes are terminal (CONTRACT §5): leave for good, even if the server's disconnect is lost.
    socket.disconnect();
    listeners.dispatchEvent(Object.assign(new Event('room-disconnected'), { message: payload }));
  });

  /** One call to dropuser: its JSON answer, or one of ClientResult; never throws. `body` undefined: no body. */
  async function send(method, path, body) {
    let request;
    try {
      const jwt = typeof token === 'function' ? await token() : token;
      request = {
        method,
        headers: { Authorization: `Bearer ${jwt}` },
        signal: AbortSignal.timeout(timeoutMs),
      };
      if (body !== undefined) {
        request.headers['Content-Type'] = 'application/json';
        request.body = JSON.stringify(body);
      }
    } catch (err) {
      return failure(ClientResult.REQUEST_NOT_SENT, 'Request Not Sent', `the request could not be made: ${err?.message ?? err}`);
    }
    let response;
    try {
      response = await fetch(`${roomUrl}${path}`, request);
    } catch (err) {
      // The browser does not say why (refused, CORS, DNS): its console does.
      return failure(ClientResult.NETWORK_ERROR, 'Network Error', `no answer from dropuser: ${err?.message ?? err}`);
    }
    try {
      const body = await response.json();
      if (typeof body?.result === 'number') {
        return body;
      }
    } catch {
      // not JSON: reported below
    }
    return failure(ClientResult.INVALID_RESPONSE, 'Invalid Response', `HTTP ${response.status}: the answer is not dropuser's JSON`);
  }

  /** Every call answers the same way: the callback, if any, then the returned promise, with the same object. */
  async function answer(pending, callback) {
    const res = await pending;
    if (typeof callback === 'function') {
      callback(res);
    }
    return res;
  }

  /** A drop body: a list of client ids (`[]`: everyone), or `{clientIds, userRefs}` with either or both. */
  function dropBody(who, { reason, banSeconds } = {}) {
    // Fields left undefined are not written; naming nobody is refused by the service, never "everyone".
    if (Array.isArray(who)) {
      return { clientIds: who, reason, banSeconds };
    }
    return { clientIds: who?.clientIds, userRefs: who?.userRefs, reason, banSeconds };
  }

  return {
    roomId,

    /**
     * Drops participants: a list of client ids (`[]` drops everyone but the moderator's own connections), or
     * `{userRefs: [...]}` (every session of those users; `clientIds` may be given beside it). The callback gets
     * the service's JSON unchanged (`result`, `msg`, `clients`, ... or `error` on a refusal), or one of
     * ClientResult when there is no such answer; it is never left uncalled and nothing is thrown at the
     * page. The returned promise resolves to the same object.
     */
    async dropUser(who, callback, options) {
      return answer(send('POST', '/drop', dropBody(who, options)), callback);
    },

    /** The room's bans in force, soonest end first: `{result: 0, bans: [{userRef, until}], ...}`. */
    async listBans(callback) {
      return answer(send('GET', '/bans'), callback);
    },

    /** Lifts `userRef`'s ban: `{result: 0, userRef, lifted}`, `lifted` false when there was none in force. */
    async liftBan(userRef, callback) {
      return answer(send('DELETE', `/bans/${encodeURIComponent(userRef)}`), callback);
    },

    /**
     * One page of the room's audit trail, oldest first: `{result: 0, drops: [...], next}`; pass `next` as
     * `after` for the following page (`next` is null on the last one).
     */
    async dropHistory({ after, limit } = {}, callback) {
      const query = new URLSearchParams();
      if (after !== undefined && after !== null) query.set('after', after);
      if (limit !== undefined && limit !== null) query.set('limit', String(limit));
      const search = query.toString();
      return answer(send('GET', `/drops${search ? `?${search}` : ''}`), callback);
    },

    /** "room-disconnected": `event.message` is the payload of CONTRACT §5 (`cause.code`, `cause.msg`, ...). */
    addEventListener(type, listener) {
      listeners.addEventListener(type, listener);
    },

    removeEventListener(type, listener) {
      listeners.removeEventListener(type, listener);
    },
  };
}

function failure(result, msg, error) {
  return { result, msg, error };
}
