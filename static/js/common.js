/* Fulcrum: small helpers shared by the live pages (phone, dashboard, projector), as an ES
   module: `import * as F from "./common.js"`. Never builds HTML from strings: text always
   goes through textContent. */

/** Create an element. props: {className, text, attrs: {name: value}, dataset: {...}}. */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset || {})) {
    node.dataset[name] = String(value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** Fill `container` with one <p> per paragraph of `text` (paragraphs are split on blank lines). */
export function paragraphs(container, text) {
  const parts = String(text || "")
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((part) => part.trim())
    .filter(Boolean);
  container.replaceChildren(...parts.map((part) => el("p", { text: part })));
  return parts.length;
}

/** A theme's colour index (0–7, the palette in css/base.css); anything odd becomes 0. */
export function themeColor(value) {
  const n = Number(value);
  return Number.isInteger(n) ? ((n % 8) + 8) % 8 : 0;
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** The Socket.IO connection: WebSocket first, long-polling as the fallback (without
    tryAllTransports, socket.io-client retries a blocked WebSocket for ever). */
export function connect() {
  if (typeof window.io !== "function") return null;
  return window.io({ transports: ["websocket", "polling"], tryAllTransports: true });
}

/** Emit with an acknowledgement; always resolves to an ack object ({ok: true, ...} or {ok: false, error}). */
export function request(socket, name, payload, timeoutMs = 8000) {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(name, payload, (err, ack) => {
      if (err) {
        resolve({ ok: false, error: { code: "timeout", message: "The server did not answer in time." } });
      } else if (!ack || typeof ack !== "object") {
        resolve({ ok: false, error: { code: "bad_response", message: "The server sent an unexpected reply." } });
      } else {
        resolve(ack);
      }
    });
  });
}

export function errorMessage(ack, fallback = "Something went wrong. Please try again.") {
  return (ack && ack.error && ack.error.message) || fallback;
}

export function errorCode(ack) {
  return (ack && ack.error && ack.error.code) || "unknown";
}

/** Refusals that mean "not now" rather than "no": no ack in time, a busy room, or the
 *  server's database or queue away for a moment (docs/protocol.md). Send again later. */
export function retryable(ack) {
  return ["timeout", "rate_limited", "unavailable"].includes(errorCode(ack));
}

/** A random UUID; crypto.randomUUID only exists on HTTPS/localhost, phones on a LAN use plain http. */
export function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    try {
      return window.crypto.randomUUID();
    } catch (_) {
      /* fall through */
    }
  }
  const bytes = new Uint8Array(16);
  if (window.crypto && window.crypto.getRandomValues) {
    window.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** localStorage that never throws (private browsing, storage disabled, quota). */
export const storage = {
  get(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (_) {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (_) {
      /* drafts then live in memory only */
    }
  },
  remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (_) {
      /* ignore */
    }
  },
  keys(prefix) {
    const found = [];
    try {
      for (let i = 0; i < window.localStorage.length; i += 1) {
        const key = window.localStorage.key(i);
        if (key && key.startsWith(prefix)) found.push(key);
      }
    } catch (_) {
      /* ignore */
    }
    return found;
  },
};

/** Set the small "Connected / Reconnecting…" indicator. */
export function setConnection(node, state, text) {
  if (!node) return;
  node.dataset.state = state;
  if (node.textContent !== text) node.textContent = text;
}
