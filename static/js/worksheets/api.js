/* The worksheet pages' calls to /api/v1: the login cookie plus, for every call that changes
   something, the page's CSRF token in X-CSRFToken (server/api/routes.py same_site). Always
   resolves to {ok, status, data}: data is the JSON body (or {error} for a network failure). */

const API = "/api/v1/worksheets";

function csrfToken() {
  const meta = document.querySelector("meta[name='csrf-token']");
  return meta ? meta.content : "";
}

/** body: an object (sent as JSON), or {raw, type} (a string with its Content-Type), or FormData. */
export async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  let payload;
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (body instanceof FormData) {
    payload = body;
  } else if (body && typeof body.raw === "string") {
    headers["Content-Type"] = body.type;
    payload = body.raw;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`${API}${path}`, { method, headers, body: payload, credentials: "same-origin" });
  } catch (_) {
    return { ok: false, status: 0, data: { error: { code: "offline", message: "The server could not be reached. Check the connection and try again." } } };
  }
  let data = {};
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch (_) {
      data = { error: { code: "bad_response", message: `The server answered ${response.status} without JSON. Reload the page and try again.` } };
    }
  }
  return { ok: response.ok, status: response.status, data };
}

export function errorOf(result, fallback = "Something went wrong. Please try again.") {
  return (result && result.data && result.data.error) || { code: "unknown", message: fallback };
}

export const worksheetPath = (slug) => `/${encodeURIComponent(slug)}`;
