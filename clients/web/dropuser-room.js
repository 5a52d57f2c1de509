// Browser client for dropuser: room.dropUser(clientIds, callback) for the moderator, and the
// "room-disconnected" event for the dropped participant. A plain ES module: no dependencies, no build step.

/**
 * Results this client makes itself when it has no answer of the service to hand over. They are negative,
 * so they can never clash with the service's own result codes (0 and up, CONTRACT §3).
 */
export const ClientResult = Object.freeze({
  /** No answer: offline, connection refused, the origin not allowed by CORS, or timed out. */
  NETWORK_ERROR: -1,
  /** An answer that is not the service's JSON, e.g. a proxy's HTML error page. */
  INVALID_RESPONSE: -2,
  /** The request could not be made: the token function failed, or clientIds cannot be written as JSON. */
  REQUEST_NOT_SENT: -3,
});

/**
 * The room as one page sees it.
 *
 * @param {object} options
 * @param {string} options.apiUrl  where dropuser answers, e.g. "https://dropuser.example.com"
 * @param {string} options.roomId
 * @param {string | (() => string | Promise<string>)} [options.token]  the moderator's JWT, or a function
 *   that returns a fresh one (called once per dropUser); only needed for dropUser
 * @param {object} [options.socket]  this page's socket.io-client socket, connected to the signaling tier;
 *   only needed for the "room-disconnected" event
 * @param {number} [options.timeoutMs=10000]  how long dropUser waits for an answer
 */
export function createRoom({ apiUrl, roomId, token, socket, timeoutMs = 10000 }) {
  const listeners = new EventTarget();
  const dropUrl = `${String(apiUrl).replace(/\/+$/, '')}/v1/rooms/${encodeURIComponent(roomId)}/drop`;

  socket?.on('room-disconnected', (payload) => {
    // The cause codes are terminal (CONTRACT §5): leave for good, even if the server's disconnect is lost.
    socket.disconnect();
    listeners.dispatchEvent(Object.assign(new Event('room-disconnected'), { message: payload }));
  });

  async function send(clientIds, { reason, banSeconds } = {}) {
    let request;
    try {
      const jwt = typeof token === 'function' ? await token() : token;
      request = {
        method: 'POST',
        headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
        // Fields left undefined are not written; a missing clientIds is refused by the service, never "everyone".
        body: JSON.stringify({ clientIds, reason, banSeconds }),
        signal: AbortSignal.timeout(timeoutMs),
      };
    } catch (err) {
      return failure(ClientResult.REQUEST_NOT_SENT, 'Request Not Sent', `the request could not be made: ${err?.message ?? err}`);
    }
    let response;
    try {
      response = await fetch(dropUrl, request);
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

  return {
    roomId,

    /**
     * Drops participants: `[]` drops everyone but the moderator's own connections. The callback gets the
     * service's JSON unchanged (`result`, `msg`, `clients`, ... or `error` on a refusal), or one of
     * ClientResult when there is no such answer; it is never left uncalled and nothing is thrown at the
     * page. The returned promise resolves to the same object.
     */
    async dropUser(clientIds, callback, options) {
      const res = await send(clientIds, options);
      if (typeof callback === 'function') {
        callback(res);
      }
      return res;
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
