// flash-node's /api/v1 over HTTP, every request signed with NIP-98 (core.httpAuthHeader): the
// event names the exact URL, the method and the SHA-256 of the exact body bytes sent.
import { ApiError, CliError } from './errors.mjs';

const requestTimeoutMs = 30_000;

/** "http://host:port/" or "http://host:port/prefix/" -> "http://host:port[/prefix]" (no trailing slash). */
export function normalizeBaseUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--node: not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--node: not an http(s) URL: ${text}`);
  if (url.search || url.hash) throw new CliError(`--node: a node URL has no query or fragment: ${text}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class NodeApi {
  /**
   * `core`: the flash-core module; `secretKey`: the NOSTR key (Uint8Array) that signs, or null for
   * unauthenticated calls only; `now()`: unix seconds (a test can shift the clock).
   */
  constructor({ baseUrl, core, secretKey = null, now = () => Math.floor(Date.now() / 1000) }) {
    this.baseUrl = normalizeBaseUrl(baseUrl);
    this.core = core;
    this.secretKey = secretKey;
    this.now = now;
  }

  get(path, options) { return this.request('GET', path, undefined, options); }
  post(path, body, options) { return this.request('POST', path, body ?? {}, options); }
  delete(path, options) { return this.request('DELETE', path, undefined, options); }

  /** The absolute URL of `path` ("/api/v1/balance"), as the "u" tag must name it. */
  url(path) { return this.baseUrl + path; }

  /** The Authorization header for one request (exported for tests that forge bad ones). */
  authorization(method, url, bodyBytes) {
    if (!this.secretKey) throw new CliError('this command needs the wallet key (run init or restore first)');
    return this.core.httpAuthHeader(url, method, bodyBytes ?? null, this.secretKey, this.now());
  }

  /**
   * Sends the request and resolves to the parsed JSON answer; throws ApiError for 4xx/5xx and
   * CliError when the node cannot be reached. `auth: false` skips NIP-98 (GET /api/v1/info);
   * `headers` overrides headers (tests use it to send forged Authorization values).
   */
  async request(method, path, body, { auth = true, headers = {} } = {}) {
    const url = this.url(path);
    const bodyBytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
    const sent = { accept: 'application/json' };
    if (bodyBytes) sent['content-type'] = 'application/json';
    if (auth) sent.authorization = this.authorization(method, url, bodyBytes);
    let response;
    try {
      response = await fetch(url, { method, body: bodyBytes, headers: { ...sent, ...headers },
                                    signal: AbortSignal.timeout(requestTimeoutMs) });
    } catch (error) {
      const reason = error.cause?.code ?? error.cause?.message ?? error.message;
      throw new CliError(`cannot reach flash-node at ${this.baseUrl}: ${reason}`, { exitCode: 1 });
    }
    return parseAnswer(response);
  }
}

async function parseAnswer(response) {
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (response.ok) {
    if (json === undefined) throw new ApiError(response.status, 'bad_response', 'flash-node answered with something that is not JSON');
    return json;
  }
  if (json && typeof json.error === 'string') throw new ApiError(response.status, json.code ?? 'error', json.error);
  const excerpt = text.trim().slice(0, 200) || response.statusText;
  throw new ApiError(response.status, `http_${response.status}`, excerpt);
}
