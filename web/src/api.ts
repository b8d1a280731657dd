// flash-node's /api/v1 from the browser. Every request is signed with NIP-98 by the wallet's
// NOSTR key (in the core's worker): the event names the absolute URL fetched (this page's origin,
// since the app is served by the node it talks to), the method and the SHA-256 of the body bytes.
import type { Core } from './core/client.ts';

const requestTimeoutMs = 30_000;

/** A refusal of the node ({"error", "code"}), or `unreachable` / `bad_response` when there was none. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

// Answers are JSON objects whose shape each screen knows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = any;

export class NodeApi {
  /** `core`: the unlocked wallet's worker, which signs; null allows only unauthenticated calls. */
  constructor(private readonly core: Core | null, private readonly origin = location.origin) {}

  get(path: string): Promise<Answer> { return this.request('GET', path); }
  post(path: string, body: object = {}): Promise<Answer> { return this.request('POST', path, body); }
  delete(path: string): Promise<Answer> { return this.request('DELETE', path); }

  /** Resolves to the parsed JSON answer; throws ApiError for anything else. */
  async request(method: string, path: string, body?: object): Promise<Answer> {
    const url = this.origin + path;
    // The signed hash must be of exactly these bytes, so they are encoded once and sent as they are.
    const bytes = body === undefined ? null : new TextEncoder().encode(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (bytes) headers['content-type'] = 'application/json';
    if (this.core) headers.authorization = await this.core.authHeader(url, method, bytes);
    let response;
    try {
      response = await fetch(url, { method, headers, body: bytes, signal: AbortSignal.timeout(requestTimeoutMs) });
    } catch (error) {
      throw new ApiError(0, 'unreachable', (error as Error).message);
    }
    return parseAnswer(response);
  }
}

/** GET /api/v1/info, the one route that needs no signature: which network and backends the node runs. */
export function nodeInfo(): Promise<NodeInfo> {
  return new NodeApi(null).get('/api/v1/info');
}

export interface NodeInfo {
  network: import('./core/types.ts').Network;
  /** The Lightning backend: "fake" (the demo: payments simulated) or "lnd". */
  lightning: string;
  fake: boolean;
}

async function parseAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Answer;
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
