"""The anonymized report and its exports (JSON, CSV, Markdown, PDF): the group-size
threshold, scrubbing, no identifiers, an unlinkable answer order, and the refusals."""

import csv
import io
import json
import re
import subprocess

import pytest

from support import PASSWORD, PII, RAW, ROOT, SEED, auth, finish_report, make_facilitator, require, require_program

S1Q1 = [
    "Time alone with a book",
    "Painting by myself",
    "Time alone on walks",
    PII,
    "Keeping my own hobbies",
    "Time alone to think",
]
S1Q2 = ["Saying no kindly", "Talking openly", "Listening first", "Being honest"]


@pytest.fixture
def room(app):
    """Six people answer s1q1 (one theme holds the PII answer), four answer s1q2, two answer
    s1q3 (under the default group size of 3). Returns ids and secrets to look for in outputs."""
    from server.domain import accounts, sessions
    from server.domain.theme_state import Group, apply_groups
    from server.extensions import db
    from server.store.models import Answer, Participant

    from support import submit_answer

    token = make_facilitator(app)
    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, "host@example.com")
        session = sessions.start_session(db.session, facilitator, app.extensions["worksheets"][SEED], "Team day")
        tokens = []
        for n, text in enumerate(S1Q1):
            _, participant, resume = sessions.join(db.session, session.code, None)
            tokens.append(resume)
            submit_answer(db.session, session, participant.id, "s1q1", text, f"client-a{n}")
            if n < len(S1Q2):
                submit_answer(db.session, session, participant.id, "s1q2", S1Q2[n], f"client-b{n}")
            if n < 2:
                submit_answer(db.session, session, participant.id, "s1q3", f"Secret small answer {n}", f"client-c{n}")
        ids = {a.text: a.id for a in db.session.query(Answer)}
        apply_groups(
            db.session,
            session.id,
            "s1q1",
            [
                Group([ids[S1Q1[0]], ids[S1Q1[2]], ids[S1Q1[5]]], "time alone", ["time", "alone"], [ids[S1Q1[0]]]),
                Group([ids[S1Q1[3]], ids[S1Q1[1]]], "Sarah Connor", ["sarah"], [ids[S1Q1[3]]]),
            ],
        )
        apply_groups(
            db.session,
            session.id,
            "s1q3",
            [Group([ids["Secret small answer 0"], ids["Secret small answer 1"]], "secret small", [], [])],
        )
        db.session.commit()
        secrets = (
            [str(i) for i in ids.values()]
            + [p.id for p in db.session.query(Participant)]
            + [p.token_hash for p in db.session.query(Participant)]
            + tokens
            + [a.client_id for a in db.session.query(Answer)]
        )
        return {"id": session.id, "token": token, "secrets": secrets, "ids": ids}


def fetch(client, room, suffix=""):
    response = client.get(f"/api/v1/sessions/{room['id']}/report{suffix}", headers=auth(room["token"]))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def all_outputs(client, room) -> dict[str, str]:
    return {
        "json": fetch(client, room).get_data(as_text=True),
        "csv": fetch(client, room, ".csv").get_data(as_text=True),
        # Markdown's backslash escapes removed, so that "x\.example" can't slip past a check
        "md": fetch(client, room, ".md").get_data(as_text=True).replace("\\", ""),
        "pdf": pdf_text(fetch(client, room, ".pdf").data),
    }


def question(report, qid):
    return next(q for step in report["steps"] for q in step["questions"] if q["id"] == qid)


def test_report_shape_threshold_and_themes(client, room):
    report = fetch(client, room).get_json()
    assert report["session"] == {
        "title": "Team day",
        "worksheet": "The Balance Between Independence and Interdependence",
        "date": report["session"]["date"],
        "participants": 6,
        "status": "live",
        "min_group": 3,
        "practice": False,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", report["session"]["date"])
    s1q1, s1q3 = question(report, "s1q1"), question(report, "s1q3")
    assert set(s1q1) == {
        "id",
        "kind",
        "prompt",
        "count",
        "hidden_by_facilitator",
        "hidden",
        "waiting",
        "themes",
        "other",
        "answers",
        "ref",
        "anchor",
        "levels",
    }
    assert s1q1["levels"] == {"private": 0, "facilitator": 0, "group": 6}  # counts per sharing level
    assert s1q1["ref"] == "2.1" and s1q1["anchor"] == "q-s1q1"  # Step 2 as the room saw it
    assert s1q1["hidden_by_facilitator"] == 0
    assert s1q1["count"] == 6 and not s1q1["hidden"] and len(s1q1["answers"]) == 6
    assert [(t["label"], t["size"]) for t in s1q1["themes"]] == [("time alone", 3), ("[name]", 2)]
    assert s1q1["themes"][0]["quotes"][0] == "Time alone with a book"
    assert all(set(a) == {"text", "theme", "quote"} for a in s1q1["answers"])
    assert {a["text"]: a["theme"] for a in s1q1["answers"]}["Keeping my own hobbies"] is None
    # Grouped: each theme's quotes first (up to 3: all of these small themes), then its
    # other answers; the one in no theme last.
    assert [(a["theme"], a["quote"]) for a in s1q1["answers"]] == [
        ("time alone", True),
        ("time alone", True),
        ("time alone", True),
        ("[name]", True),
        ("[name]", True),
        (None, False),
    ]
    assert s1q1["other"] == 1
    # Under the group size: the count only.
    assert s1q3 == {
        "id": "s1q3",
        "kind": "text",
        "prompt": s1q3["prompt"],
        "count": 2,
        "hidden_by_facilitator": 0,
        "hidden": True,
        "waiting": 1,
        "themes": [],
        "other": 0,
        "answers": [],
        "note": "Hidden until 3 people answer (2 so far).",
        "ref": "2.3",
        "anchor": "q-s1q3",
        "levels": {"private": 0, "facilitator": 0, "group": 2},
    }


def test_nothing_of_a_small_question_leaves_in_any_format(client, room):
    for name, text in all_outputs(client, room).items():
        assert "Secret small" not in text and "secret small" not in text, name
    html = client.get(f"/sessions/{room['id']}/report")  # not logged in: the page needs the owner
    assert html.status_code == 302


def test_at_the_threshold_the_answers_appear(app, client, room):
    from server.domain.sessions import get_session, join
    from server.extensions import db

    from support import submit_answer

    with app.app_context():
        session = get_session(db.session, room["id"])
        _, participant, _ = join(db.session, session.code, None)
        submit_answer(db.session, session, participant.id, "s1q3", "Secret small answer 2", "client-c2")
        db.session.commit()
    outputs = all_outputs(client, room)
    for name, text in outputs.items():
        assert "Secret small answer 2" in text, name
    assert json.loads(outputs["json"])["steps"][1]["questions"][2]["hidden"] is False


def test_scrubbed_everywhere(client, room):
    for name, text in all_outputs(client, room).items():
        for raw in RAW:
            assert raw not in text, (name, raw)
        assert "[name]" in text and "[email]" in text and "[phone]" in text, name
        assert "[link]" in text and "[handle]" in text, name


def test_no_ids_tokens_or_times(client, room):
    outputs = all_outputs(client, room)
    for name, text in outputs.items():
        tokens = set(re.findall(r"[\w-]+", text))
        for secret in room["secrets"]:
            if len(secret) > 4:  # answer ids are small numbers: checked in the JSON below
                assert secret not in text, (name, secret)
        assert not re.search(r"\d\d:\d\d", text), name  # no time of day
        assert "client" not in tokens and "participant_id" not in text, name
    report = json.loads(outputs["json"])
    numbers = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                assert k not in {"id_", "answer_id", "answer_ids", "theme_id", "at", "color"}, k
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, int) and not isinstance(node, bool):
            numbers.append((key, node))

    walk(report)
    # Every number is a count, an index or the group size: none is a database id.
    allowed = {"participants", "min_group", "index", "count", "waiting", "size", "hidden_by_facilitator"}
    allowed |= {"number", "other", "more_themes", "reached_step", "step_count"}  # positions and counts
    allowed |= {"private", "facilitator", "group"}  # counts per sharing level
    assert {key for key, _ in numbers} <= allowed


def test_answer_order_is_stable_and_not_insertion_order(app, client, room):
    first, second = fetch(client, room).get_json(), fetch(client, room).get_json()
    assert first == second
    in_order = []
    for qid, texts in (("s1q1", S1Q1), ("s1q2", S1Q2)):
        shown = [a["text"] for a in question(first, qid)["answers"]]
        expected = [t for t in texts]  # insertion order, scrubbed text aside
        in_order.append([t for t in shown if "[" not in t] == [t for t in expected if t != PII])
    assert not all(in_order), "answers are listed in the order they arrived"


def test_csv_parses_with_one_row_per_shown_answer(client, room):
    response = fetch(client, room, ".csv")
    assert response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="report-\d{4}-\d\d-\d\d-team-day\.csv"', response.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["step", "step_title", "question_id", "prompt", "theme", "text", "value"]
    assert len(rows) == len(S1Q1) + len(S1Q2)  # s1q3 is under the group size
    assert {r["question_id"] for r in rows} == {"s1q1", "s1q2"}
    assert {r["text"]: r["theme"] for r in rows}["Painting by myself"] == "[name]"
    assert {r["text"]: r["theme"] for r in rows}["Saying no kindly"] == ""


def test_markdown_escapes_participant_text(app, client, room):
    from server.exports.as_markdown import escape

    assert (
        escape("[click](http://evil) <img src=x> # hi **bold**")
        == r"\[click\](http://evil) \<img src=x> # hi \*\*bold\*\*"
    )
    response = fetch(client, room, ".md")
    assert response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    assert "\n## Step 2: Understanding Independence in Relationships\n" in text
    assert "\n### 2.1 How do I maintain" in text
    assert "**time alone** · 3 answers\n\n> “Time alone with a book”\n" in text
    assert "*Hidden until 3 people answer (2 so far).*" in text


def test_pdf_opens_with_headings(client, room):
    response = fetch(client, room, ".pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].endswith('.pdf"')
    text = pdf_text(response.data)
    for heading in (
        "Team day",
        "Overview",
        "Step 2: Understanding Independence in Relationships",
        "time alone",
        "Other: in no theme",
        "Hidden until 3 people answer (2 so far).",
    ):
        assert heading in text, heading
    if require_program("pdftotext", "poppler-utils", skip=False):  # a second, independent reader
        extracted = subprocess.run(
            ["pdftotext", "-", "-"], input=response.data, capture_output=True, timeout=60
        ).stdout.decode()
        assert "Overview" in extracted and "time alone" in extracted


@pytest.mark.parametrize("fonts", ["dejavu", "none"])
def test_pdf_survives_any_unicode(tmp_path, fonts):
    from server.exports.as_pdf import FONT_DIRS, font_dir, render_pdf

    if fonts == "dejavu":
        require(font_dir() is not None, "no DejaVu fonts here (apt-get install fonts-dejavu-core)")
    text = "“Smart” quotes, é, ß, Ω, Жизнь, 中文字, 🙂 and a very" + "long" * 60 + "word"
    report = {
        "session": {
            "title": "Ünïcode “day” 🙂",
            "worksheet": "W",
            "date": "2026-11-30",
            "participants": 3,
            "status": "ended",
            "min_group": 3,
        },
        "steps": [
            {
                "index": 1,
                "title": "Step é",
                "questions": [
                    {
                        "id": "s1q1",
                        "kind": "text",
                        "prompt": "Why — really?",
                        "count": 3,
                        "hidden_by_facilitator": 1,
                        "hidden": False,
                        "waiting": 0,
                        "themes": [{"label": "中文 theme", "size": 2, "quotes": [text]}],
                        "answers": [{"text": text, "theme": None}] * 3,
                    }
                ],
            }
        ],
    }
    data = render_pdf(finish_report(report), fonts_from=FONT_DIRS if fonts == "dejavu" else [tmp_path])
    extracted = pdf_text(data)
    assert "Step" in extracted and "Smart" in extracted
    if fonts == "dejavu":
        assert "“Smart”" in extracted and "Жизнь" in extracted


def test_report_page_shows_charts_scrubbed_text_and_the_threshold(app, client, room):
    client.post("/login", data={"email": "host@example.com", "password": PASSWORD})
    page = client.get(f"/sessions/{room['id']}/report").get_data(as_text=True)
    overview = page.split('id="overview"')[1].split("</section>")[0]
    assert '<a href="#q-s1q1"><span class="ref">2.1</span>' in overview and 'id="q-s1q1"' in page
    assert '<span class="toc-chip">time alone <b>3</b></span>' in overview and "1 in no theme" in overview
    detail = page.split('id="q-s1q1"')[1].split('id="q-s1q2"')[0]
    assert detail.index("time alone") < detail.index("[name]") < detail.index("Other: in no theme")
    assert '<blockquote class="report-quote">Time alone with a book</blockquote>' in detail
    assert "Hidden until 3 people answer (2 so far)." in page
    assert "Secret small" not in page and "secret small" not in page
    for raw in RAW:
        assert raw not in page, raw
    assert "[email]" in page and "Time alone with a book" in page
    for secret in room["secrets"]:
        if len(secret) > 4:
            assert secret not in page
    for extension in ("pdf", "csv", "md", "json"):
        assert f'href="/sessions/{room["id"]}/report.{extension}"' in page
        download = client.get(f"/sessions/{room['id']}/report.{extension}")
        assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert client.get(f"/sessions/{room['id']}/report.exe").status_code == 404


def test_refusals(app, client, room):
    other = make_facilitator(app, "other@example.com")
    for suffix in ("", ".csv", ".md", ".pdf", ".json"):
        response = client.get(f"/api/v1/sessions/{room['id']}/report{suffix}", headers=auth(other))
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found", suffix
    unknown = client.get(f"/api/v1/sessions/{room['id']}/report.xlsx", headers=auth(room["token"]))
    assert unknown.status_code == 404 and "xlsx" in unknown.get_json()["error"]["message"]
    assert client.get("/api/v1/sessions/999/report.csv", headers=auth(room["token"])).status_code == 404
    assert client.get(f"/api/v1/sessions/{room['id']}/report.csv").status_code == 401


def test_csv_keeps_formulas_as_text():
    from server.exports.as_csv import render_csv

    report = {
        "steps": [
            {
                "index": 1,
                "title": "S",
                "questions": [
                    {
                        "id": "s1q1",
                        "prompt": "P",
                        "answers": [
                            {"text": '=HYPERLINK("http://x","y")', "theme": None},
                            {"text": "+1 and -1 are fine inside", "theme": "@t"},
                        ],
                    }
                ],
            }
        ]
    }
    rows = list(csv.reader(io.StringIO(render_csv(report).decode())))
    assert rows[1][-2] == '\'=HYPERLINK("http://x","y")' and rows[2][-3:-1] == ["'@t", "'+1 and -1 are fine inside"]


def test_a_hidden_question_says_why_in_plain_words():
    from server.domain.reports import hidden_note

    assert hidden_note(0, 3) == "No answers yet."
    assert hidden_note(2, 3) == "Hidden until 3 people answer (2 so far)."
    assert hidden_note(1, 2) == "Hidden until 2 people answer (1 so far)."
    assert hidden_note(0, 1) == "No answers yet."


def test_the_web_app_starts_without_the_heavy_libraries():
    """fpdf2 (with Pillow and fontTools), numpy and scikit-learn, python-docx (lxml) and pypdf
    would cost every web process ~30 MB or more: they load with the first PDF or imported
    document, or only in the theme worker."""
    import sys

    heavy = {"fpdf", "PIL", "fontTools", "numpy", "sklearn", "docx", "lxml", "pypdf"}
    code = (
        "import sys; from server.app import create_app; create_app(); "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r}))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


# --- Scale and choice questions in the report page, the Markdown and the PDF -----------------
# (issue 14: the distributions drawn as bars with their numbers, a scale's mean and median)


def chart_report() -> dict:
    return finish_report(_chart_report())


def _chart_report() -> dict:
    """A report as build_report gives it: a scale of four points (its middle between two),
    a choice of several with labels full of Markdown and HTML, a choice under min_group."""
    base = {"hidden_by_facilitator": 0, "hidden": False, "waiting": 0, "themes": []}
    scale = {
        **base,
        "id": "s1q1",
        "kind": "scale",
        "prompt": "Where are we?",
        "count": 8,
        "min": 1,
        "max": 4,
        "left": "Apart",
        "middle": "Balanced",
        "right": "Together",
        "distribution": [{"value": v, "count": n} for v, n in ((1, 1), (2, 3), (3, 4), (4, 0))],
        "mean": 2.4,
        "median": 2.5,
        "answers": [{"text": str(v), "theme": None, "value": v} for v in (1, 2, 2, 2, 3, 3, 3, 3)],
    }  # fmt: skip
    choice = {
        **base,
        "id": "s1q2",
        "kind": "choice",
        "prompt": "What helps?",
        "count": 8,
        "multiple": True,
        "options": [{"label": o, "count": n} for o, n in (("Advice | *tips*", 5), ("<b>Time</b>", 1), ("Other", 0))],
        "answers": [{"text": "Advice | *tips*", "theme": None, "value": ["Advice | *tips*"]}] * 5,
    }  # fmt: skip
    hidden = {
        **base,
        "id": "s1q3",
        "kind": "choice",
        "prompt": "Which one?",
        "count": 2,
        "hidden": True,
        "waiting": 1,
        "answers": [],
        "note": "Hidden until 3 people answer (2 so far).",
    }
    return {
        "session": {
            "title": "Charts",
            "worksheet": "Check-in",
            "date": "2026-12-02",
            "participants": 8,
            "status": "ended",
            "min_group": 3,
            "practice": False,
        },
        "steps": [{"index": 1, "title": "Where", "questions": [scale, choice, hidden]}],
    }


def test_markdown_tables_a_scale_and_a_choice():
    from server.exports.as_markdown import render_markdown

    text = render_markdown(chart_report()).decode()
    assert (
        "| Point | Answers | Share |\n| --- | ---: | ---: |\n| 1 · Apart | 1 | 13% |\n| 2 | 3 | 38% |\n"
        "| 3 | 4 | 50% |\n| 4 · Together | 0 | 0% |\n\nBetween 2 and 3: Balanced\n\n**Mean 2.4 · Median 2.5**"
    ) in text
    # Options in order, their labels escaped: no table cell split, no emphasis, no HTML.
    assert "| Option | Answers | Share |" in text
    assert "| Advice \\| \\*tips\\* | 5 | 63% |" in text and "| \\<b>Time\\</b> | 1 | 13% |" in text
    assert "more than one option" in text
    assert "**Answers**" not in text  # the table says them all
    assert (
        "*Hidden until 3 people answer (2 so far).*" in text and "| Point |" not in text.split("### 2.3 Which one")[1]
    )


@pytest.mark.parametrize("fonts", ["dejavu", "none"])
def test_pdf_draws_the_bars_with_counts_shares_and_the_mean(tmp_path, fonts):
    from pypdf import PdfReader

    from server.exports.as_pdf import FONT_DIRS, font_dir, render_pdf

    if fonts == "dejavu":
        require(font_dir() is not None, "no DejaVu fonts here (apt-get install fonts-dejavu-core)")
    data = render_pdf(chart_report(), fonts_from=FONT_DIRS if fonts == "dejavu" else [tmp_path])
    flat = " ".join(pdf_text(data).split())
    for row in ("1 · Apart 1 13%", "2 3 38%", "3 4 50%", "4 · Together 0 0%", "Advice | *tips* 5 63%", "Other 0 0%"):
        assert row in flat, (row, flat)
    assert "Between 2 and 3: Balanced" in flat and "Mean 2.4 · Median 2.5" in flat
    assert "Hidden until 3 people answer (2 so far)." in flat
    assert "•" not in flat  # no list of the values
    # Rectangles: a track for each of the seven rows and a bar for each of the five that
    # have answers.
    content = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages)
    assert content.count(b" re") >= 7 + 5


def test_report_page_draws_scale_and_choice_bars(app):
    from flask import render_template

    with app.test_request_context():
        html = render_template("shared_report.html", report=chart_report())
    scale = html.split('data-question-id="s1q1"')[1].split('data-question-id="s1q2"')[0]
    assert scale.count('<tr class="dist-row') == 4 and scale.count("<meter") == 4
    # A bar is its share of the 8 who answered, as on every screen, not of the biggest count.
    assert re.search(r'<meter class="dist-meter" min="0" max="8" value="3"', scale)
    assert re.search(r'<span class="dist-point">1</span> <span class="dist-end">Apart</span>', scale)
    assert "Between 2 and 3: Balanced" in scale and 'dist-end">Balanced' not in scale
    assert re.search(r"Mean <strong>2\.4</strong>.*Median <strong>2\.5</strong>", scale, re.S)
    assert "<caption" in scale and 'scope="row"' in scale
    assert "report-answers" not in scale and "All answers" not in scale
    choice = html.split('data-question-id="s1q2"')[1].split('data-question-id="s1q3"')[0]
    assert "&lt;b&gt;Time&lt;/b&gt;" in choice and "<b>Time" not in choice  # autoescaped
    assert re.findall(r'class="dist-share">(\d+%)<', choice) == ["63%", "13%", "0%"]
    assert "more than one option" in choice and "Mean" not in choice
    hidden = html.split('data-question-id="s1q3"')[1]
    assert "Hidden until 3 people answer (2 so far)." in hidden and "<table" not in hidden
    assert " style=" not in html  # the CSP allows no inline styles: bars are <meter> values


# --- sharing levels (issue 16): counts per level everywhere, text of the room's answers only ---

ROOM_SAYS = ["Time alone with a book", "Painting by myself", "Time alone on walks", "Time alone to think"]
TO_ME = ["Only the facilitator should read this one", PII]  # scrubbed in the owner's variant too
HIDDEN_TO_ME = "A facilitator-only answer the facilitator hid"
SMALL_TO_ME = ["Sent to you under the group size one", "Sent to you under the group size two"]


@pytest.fixture
def levels(app):
    """s1q1: four answers for the room, two sent only to the facilitator (one with PII), a
    third one they hid, and one kept private (a marker: no text). s1q2: two for the room (under
    the group size of 3, which answers sent to the facilitator do not make up) and two to them."""
    from server.domain import accounts, sessions
    from server.domain.answers import Submission, submit_answers
    from server.extensions import db
    from server.store.models import Answer

    token = make_facilitator(app)
    plan = [("s1q1", "group", t) for t in ROOM_SAYS] + [("s1q1", "facilitator", t) for t in [*TO_ME, HIDDEN_TO_ME]]
    plan += [("s1q1", "private", None)]
    plan += [("s1q2", "group", t) for t in S1Q2[:2]] + [("s1q2", "facilitator", t) for t in SMALL_TO_ME]
    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, "host@example.com")
        session = sessions.start_session(db.session, facilitator, app.extensions["worksheets"][SEED], "Levels day")
        subs = []
        for n, (question_id, share, text) in enumerate(plan):
            _, participant, _ = sessions.join(db.session, session.code, None)
            subs.append(Submission(session.id, participant.id, question_id, text, f"client-{n}", share=share))
        results = submit_answers(db.session, subs)
        assert all(isinstance(r, tuple) for r in results), results
        db.session.query(Answer).filter_by(text=HIDDEN_TO_ME).one().hidden = True
        db.session.commit()
        return {"id": session.id, "token": token, "code": session.code}


def shown_text(page: str) -> str:
    """A page's text as a reader sees it (tags out, HTML entities kept: none in these texts)."""
    return re.sub(r"<[^>]+>", " ", page)


def test_report_counts_every_level_and_shows_only_the_rooms_text(client, levels):
    report = fetch(client, levels).get_json()
    s1q1, s1q2 = question(report, "s1q1"), question(report, "s1q2")
    assert s1q1["levels"] == {"private": 1, "facilitator": 2, "group": 4}  # the hidden one counted apart
    assert s1q1["count"] == 4 and s1q1["hidden_by_facilitator"] == 1 and not s1q1["hidden"]
    assert sorted(a["text"] for a in s1q1["answers"]) == sorted(ROOM_SAYS)
    # Sent to the facilitator does not make up the group size: two for the room stay hidden.
    assert s1q2["levels"] == {"private": 0, "facilitator": 2, "group": 2}
    assert s1q2["hidden"] and s1q2["waiting"] == 1 and s1q2["answers"] == []
    assert all("to_you" not in q for step in report["steps"] for q in step["questions"])
    overview = {q["ref"]: q for step in report["summary"]["steps"] for q in step["questions"]}
    assert overview["2.1"]["levels"] == s1q1["levels"] and overview["2.2"]["levels"] == s1q2["levels"]

    outputs = all_outputs(client, levels)
    for name, text in outputs.items():
        assert ROOM_SAYS[0] in text, name  # a positive control: the room's answers are there
        for secret in [*TO_ME, HIDDEN_TO_ME, *SMALL_TO_ME, *RAW, "Ask [name]"]:
            assert secret not in text, (name, secret)
    line = "4 answers · 1 kept private · 2 sent only to the facilitator · 1 hidden by the facilitator"
    assert line in outputs["md"] and line in " ".join(outputs["pdf"].split())
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert sorted(r["text"] for r in rows if r["question_id"] == "s1q1") == sorted(
        ROOM_SAYS
    )  # one row per shown answer


def test_the_owners_variant_adds_what_was_sent_to_them_and_nothing_else_does(client, levels):
    client.post("/login", data={"email": "host@example.com", "password": PASSWORD})
    page = client.get(f"/sessions/{levels['id']}/report").get_data(as_text=True)
    assert f'href="/sessions/{levels["id"]}/report?include=facilitator" id="to-you-toggle"' in page
    assert "1 kept private · 2 sent only to the facilitator" in shown_text(page)
    for secret in [*TO_ME, HIDDEN_TO_ME, *SMALL_TO_ME]:
        assert secret not in page, secret

    # The positive control: the owner's variant lists them, scrubbed, in a section apart.
    variant = client.get(f"/sessions/{levels['id']}/report?include=facilitator").get_data(as_text=True)
    assert 'id="to-you-banner"' in variant and "Leave out answers sent to me" in variant
    s1q1 = variant.split('id="q-s1q1"')[1].split('id="q-s1q2"')[0]
    apart = s1q1.split('class="report-to-you"')[1]
    assert TO_ME[0] in apart and "Ask [name] at [email]" in apart and "not part of the shared report" in apart
    assert TO_ME[0] not in s1q1.split('class="report-to-you"')[0]  # not among the room's answers
    assert SMALL_TO_ME[0] in variant.split('id="q-s1q2"')[1]  # the owner reads theirs under the group size
    assert HIDDEN_TO_ME not in variant and ROOM_SAYS[0] in variant
    for raw in RAW:
        assert raw not in variant, raw

    # Downloads are the report as shared, whatever the query string (docs/protocol.md).
    for extension in ("pdf", "csv", "md", "json"):
        for base in (f"/sessions/{levels['id']}/report", f"/api/v1/sessions/{levels['id']}/report"):
            response = client.get(f"{base}.{extension}?include=facilitator", headers=auth(levels["token"]))
            body = pdf_text(response.data) if extension == "pdf" else response.get_data(as_text=True)
            assert response.status_code == 200 and ROOM_SAYS[0] in body, (base, extension)
            assert TO_ME[0] not in body and SMALL_TO_ME[0] not in body, (base, extension)
    api = client.get(f"/api/v1/sessions/{levels['id']}/report?include=facilitator", headers=auth(levels["token"]))
    assert TO_ME[0] not in api.get_data(as_text=True)


def test_a_share_link_never_shows_what_was_sent_to_the_facilitator(client, levels):
    link = client.post(f"/api/v1/sessions/{levels['id']}/shares", json={}, headers=auth(levels["token"])).get_json()
    path = "/" + link["url"].split("/", 3)[3]
    # A reviewer: no login (this client holds only the owner's API token, sent on the POST above).
    page = client.get(f"{path}?include=facilitator").get_data(as_text=True)
    assert ROOM_SAYS[0] in page and "1 kept private · 2 sent only to the facilitator" in shown_text(page)
    assert "to-you" not in page and "Include answers sent to me" not in page
    for extension in ("pdf", "csv", "md"):
        response = client.get(f"{path}/report.{extension}?include=facilitator")
        body = pdf_text(response.data) if extension == "pdf" else response.get_data(as_text=True)
        assert response.status_code == 200 and ROOM_SAYS[0] in body, extension
        for secret in [*TO_ME, HIDDEN_TO_ME, *SMALL_TO_ME]:
            assert secret not in body, (extension, secret)
    for secret in [*TO_ME, HIDDEN_TO_ME, *SMALL_TO_ME]:
        assert secret not in page, secret
