// The host of the core's relay pool: it owns the WebSockets and the timer, feeds what happens to
// the wasm RelayPool and applies what it asks for (open, close, send). The app sees subscriptions
// with callbacks and publishes as promises. Works in the browser (global WebSocket) and in Node
// (pass `WebSocket` from the `ws` package).
//
//   const pool = new RelayPoolHost(core, { WebSocket, onAuthChallenge: ({ relay, challenge }) => ... });
//   const sub = pool.subscribe([{ kinds: [1] }], ['wss://relay.example'], { onevent, oneose });
//   const result = await pool.publish(signedEvent, ['wss://relay.example']);  // { succeeded, accepted, ... }
export class RelayPoolHost {
  #pool;
  #WebSocket;
  #now;
  #sockets = new Map();        // normal URL -> WebSocket
  #subscriptions = new Map();  // id -> { onevent, oneose, onclose }
  #publishes = new Map();      // event id -> { resolve, results }
  #timer = null;
  #closed = false;
  #handlers;

  /**
   * `core` is the loaded flash-core module. Options: WebSocket (constructor), now (monotonic ms),
   * timeouts {connectTimeoutMs, eoseTimeoutMs, publishTimeoutMs}, and callbacks onAuthChallenge,
   * onAuthResult, onNotice, onRelayState, onViolation, each given the pool's event object.
   */
  constructor(core, { WebSocket = globalThis.WebSocket, now = () => performance.now(), timeouts = {}, ...handlers } = {}) {
    this.#pool = new core.RelayPool(JSON.stringify(timeouts));
    this.#WebSocket = WebSocket;
    this.#now = now;
    this.#handlers = handlers;
  }

  addRelay(url) { this.#call(() => this.#pool.addRelay(url, this.#now())); }
  removeRelay(url) { this.#call(() => this.#pool.removeRelay(url)); }

  /** Subscribes `filters` on `relays` (empty: every relay); returns { id, close() }. */
  subscribe(filters, relays = [], { onevent, oneose, onclose } = {}) {
    const id = this.#call(() => this.#pool.subscribe(JSON.stringify(filters), JSON.stringify(relays), this.#now()));
    this.#subscriptions.set(id, { onevent, oneose, onclose });
    return { id, close: () => { this.#subscriptions.delete(id); this.#call(() => this.#pool.unsubscribe(id)); } };
  }

  /** Publishes a signed event; resolves to { succeeded, accepted, rejected, timedOut, relays }. */
  publish(event, relays = []) {
    return new Promise((resolve, reject) => {
      try {
        this.#publishes.set(event.id, { resolve, results: [] });
        this.#call(() => this.#pool.publish(JSON.stringify(event), JSON.stringify(relays), this.#now()));
      } catch (error) {
        this.#publishes.delete(event.id);
        reject(error);
      }
    });
  }

  /** Answers `relay`'s AUTH challenge with a signed kind-22242 event; false if there is none. */
  authenticate(relay, authEvent) { return this.#call(() => this.#pool.authenticate(relay, JSON.stringify(authEvent))); }

  /** Closes every connection, stops the timer and frees the pool; the host is unusable after. */
  close() {
    for (const url of [...this.#sockets.keys()]) this.#call(() => this.#pool.removeRelay(url));
    clearTimeout(this.#timer);
    this.#closed = true;  // sockets still closing must not reach the freed pool
    this.#pool.delete();
  }

  // Every call into the pool is followed by applying its output and re-arming the timer.
  #call(body) {
    if (this.#closed) return undefined;
    const result = body();
    this.#drain();
    return result;
  }

  #drain() {
    const { actions, events } = JSON.parse(this.#pool.takeOutput());
    for (const action of actions) this.#apply(action);
    for (const event of events) this.#dispatch(event);
    clearTimeout(this.#timer);
    const deadline = this.#pool.nextDeadline();
    if (deadline !== null) {
      this.#timer = setTimeout(() => this.#call(() => this.#pool.tick(this.#now())), Math.max(0, deadline - this.#now()));
    }
  }

  #apply(action) {
    if (action.type === 'open') {
      const ws = new this.#WebSocket(action.url);
      this.#sockets.set(action.url, ws);
      const mine = () => this.#sockets.get(action.url) === ws;  // ignore a replaced socket's news
      ws.onopen = () => { if (mine()) this.#call(() => this.#pool.onOpen(action.url)); };
      ws.onmessage = (message) => {
        if (mine()) this.#call(() => this.#pool.onFrame(action.url, String(message.data), this.#now()));
      };
      ws.onclose = () => {
        if (!mine()) return;
        this.#sockets.delete(action.url);
        this.#call(() => this.#pool.onClose(action.url, this.#now()));
      };
      ws.onerror = () => {};  // onclose follows
    } else if (action.type === 'close') {
      const ws = this.#sockets.get(action.url);
      this.#sockets.delete(action.url);
      ws?.close();
    } else {
      this.#sockets.get(action.url)?.send(action.text);
    }
  }

  #dispatch(event) {
    const sub = this.#subscriptions.get(event.subscription);
    switch (event.type) {
      case 'event': sub?.onevent?.(event.event, event.relay); break;
      case 'eose': sub?.oneose?.(); break;
      case 'closed': sub?.onclose?.(event); break;
      case 'publish-relay': this.#publishes.get(event.id)?.results.push(event); break;
      case 'published': {
        const publish = this.#publishes.get(event.id);
        this.#publishes.delete(event.id);
        publish?.resolve({ ...event, relays: publish.results });
        break;
      }
      case 'auth-challenge': this.#handlers.onAuthChallenge?.(event); break;
      case 'auth-result': this.#handlers.onAuthResult?.(event); break;
      case 'notice': this.#handlers.onNotice?.(event); break;
      case 'relay-state': this.#handlers.onRelayState?.(event); break;
      case 'violation': this.#handlers.onViolation?.(event); break;
      default: break;  // relay-eose: per-relay detail the app does not need here
    }
  }
}
