// flash-node's /api/v1 from the browser. Every request is signed with NIP-98 by the wallet's
// NOSTR key (core.httpAuthHeader): the event names the absolute URL fetched (this page's origin,
// since the app is served by the node it talks to), the method and the SHA-256 of the body bytes.
const requestTimeoutMs = 30_000;

/** A refusal of the node ({"error", "code"}), or `unreachable` / `bad_response` when there was none. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export class NodeApi {
  /** `secretKey`: the NIP-06 key (Uint8Array) that signs; null allows only unauthenticated calls. */
  constructor(core, secretKey, origin = location.origin) {
    this.core = core;
    this.secretKey = secretKey;
    this.origin = origin;
  }

  get(path) { return this.request('GET', path); }
  post(path, body = {}) { return this.request('POST', path, body); }
  delete(path) { return this.request('DELETE', path); }

  /** Resolves to the parsed JSON answer; throws ApiError for anything else. */
  async request(method, path, body, { auth = true } = {}) {
    const url = this.origin + path;
    // The signed hash must be of exactly these bytes, so they are encoded once and sent as they are.
    const bytes = body === undefined ? null : new TextEncoder().encode(JSON.stringify(body));
    const headers = { accept: 'application/json' };
    if (bytes) headers['content-type'] = 'application/json';
    if (auth) headers.authorization = this.core.httpAuthHeader(url, method, bytes, this.secretKey, Math.floor(Date.now() / 1000));
    let response;
    try {
      response = await fetch(url, { method, headers, body: bytes, signal: AbortSignal.timeout(requestTimeoutMs) });
    } catch (error) {
      throw new ApiError(0, 'unreachable', error.message);
    }
    return parseAnswer(response);
  }
}

/** GET /api/v1/info, the one route that needs no signature: which network and backends the node runs. */
export function nodeInfo(core) {
  return new NodeApi(core, null).request('GET', '/api/v1/info', undefined, { auth: false });
}

async function parseAnswer(response) {
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (response.ok && json !== undefined) return json;
  if (json && typeof json.error === 'string') throw new ApiError(response.status, json.code ?? 'error', json.error);
  // Not the API speaking (a proxy, an old node without the route, a static server).
  const code = response.status === 404 ? 'not_found' : response.ok ? 'bad_response' : `http_${response.status}`;
  throw new ApiError(response.status, code, response.statusText);
}
