"""Sharing levels over a real server, one path per level: what the database holds, what
every host and projector screen receives, the report, the CSV and a share link; changing a
level both ways (the text gone from the database file after group → private); worksheet
defaults and fixed levels; and phones that send no `share` at all."""

import json
import sqlite3
import uuid
from contextlib import closing
from urllib.parse import urlparse

import pytest
import requests

from support import (
    ANSWERS,
    Phone,
    auth,
    connect_host,
    disconnect_all,
    log_in,
    new_session,
    own_worksheet,
    report,
    server_env,
    sqlite_url,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.live

PRIVATE_TEXT = "I lean on my sister far too much zqxprivate"
TO_YOU_TEXT = "Only the facilitator should read this zqxtoyou"
TAKEN_BACK = "I said this to the group first zqxtakenback"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return tmp_path_factory.mktemp("levels") / "live.sqlite3"


@pytest.fixture(scope="module")
def live_server(db_path):
    server = start_server(server_env(sqlite_url(db_path.parent, db_path.name)))
    yield server
    server.stop()


def send(phone, share=None, text=None, question_id="s1q1"):
    data = {"question_id": question_id, "client_id": str(uuid.uuid4())}
    if share is not None:
        data["share"] = share
    if text is not None:
        data["text"] = text
    return phone.call("answer", data)


def rows(db_path, *columns):
    # Closed at once: an open connection would keep the WAL (and its old page copies) alive
    # after the server's clean stop, which is what the file check below is about.
    with closing(sqlite3.connect(db_path)) as con:
        return con.execute(f"SELECT {', '.join(columns)} FROM answers ORDER BY id").fetchall()


def test_each_level_goes_where_it_may_and_nowhere_else(live_server, db_path):
    token = live_server.token_for("levels@example.com")
    created = new_session(live_server, token)
    host, projector = connect_host(live_server, token, record=True), connect_host(live_server, token, record=True)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    assert projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["ok"]
    phones = [Phone(live_server.url) for _ in range(7)]
    try:
        for phone in phones:
            phone.join(created["code"])
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        assert host.call("reveal", {"question_id": "s1q1", "quotes": True}, timeout=10)["ok"]
        group = ANSWERS[:5]
        group_ids = [send(phone, text=text)["id"] for phone, text in zip(phones[:4], group, strict=False)]
        sent = send(phones[4], "group", group[4])  # an old client above (no `share`: the default), a new one here
        assert sent["ok"] and sent["share"] == "group"
        private = send(phones[5], "private")
        to_you = send(phones[6], "facilitator", TO_YOU_TEXT)
        assert private["ok"] and private["share"] == "private" and to_you["share"] == "facilitator"

        # The database: the private answer is a marker, nothing else.
        # (a JSON column stores a missing value as JSON null)
        stored = {
            i: (share, text, json.loads(value))
            for i, share, text, value in rows(db_path, "id", "share", "text", "value")
        }
        assert stored[private["id"]] == ("private", "", None)
        assert stored[to_you["id"]] == ("facilitator", TO_YOU_TEXT, None)

        # The host screen hears all three (private without text); the projector only the room's.
        def host_answers():
            return {a["id"]: a for batch in host.recorder.of("answers") for a in batch["answers"]}

        assert wait_for(lambda: len(host_answers()) == 7)
        assert host_answers()[private["id"]]["text"] == "" and host_answers()[private["id"]]["share"] == "private"
        assert host_answers()[to_you["id"]]["text"] == TO_YOU_TEXT  # positive control for the checks below

        def projector_themes():
            return [e for e in projector.recorder.of("themes") if e["question_id"] == "s1q1"]

        assert wait_for(lambda: projector_themes() and projector_themes()[-1]["answers"] == 5, timeout=30)
        heard = repr(projector.recorder.payloads())
        assert any(text in heard for text in group[:2]) or projector_themes()[-1]["themes"]  # it hears the room
        assert TO_YOU_TEXT not in heard and PRIVATE_TEXT not in heard
        host_themes = [e for e in host.recorder.of("themes") if e["question_id"] == "s1q1"][-1]
        themed = {a for t in host_themes["themes"] for a in t["answer_ids"]} | set(host_themes["other"])
        assert to_you["id"] not in themed and private["id"] not in themed and len(themed) == 5

        # Spotlight: the room's answers only.
        refused = host.call("spotlight", {"answer_id": to_you["id"]}, timeout=10)
        assert refused["error"]["code"] == "bad_request" and "group" in refused["error"]["message"]
        assert host.call("spotlight", {"answer_id": group_ids[0]}, timeout=10)["ok"]

        # Report, CSV and a share link: the room's text only.
        full = report(live_server, token, created["id"])
        as_text = repr(full)
        assert group[0] in as_text and TO_YOU_TEXT not in as_text
        csv = requests.get(
            f"{live_server.url}/api/v1/sessions/{created['id']}/report.csv", headers=auth(token), timeout=10
        ).text
        assert group[0] in csv and TO_YOU_TEXT not in csv
        s1q1 = next(q for step in full["steps"] for q in step["questions"] if q["id"] == "s1q1")
        assert s1q1["levels"] == {"private": 1, "facilitator": 1, "group": 5} and s1q1["count"] == 5
        link = requests.post(
            f"{live_server.url}/api/v1/sessions/{created['id']}/shares", json={}, headers=auth(token), timeout=10
        ).json()
        shared_url = f"{live_server.url}{urlparse(link['url']).path}"
        for url in (shared_url, f"{shared_url}?include=facilitator", f"{shared_url}/report.md?include=facilitator"):
            shared = requests.get(url, timeout=10).text
            assert group[0] in shared and TO_YOU_TEXT not in shared, url
        assert "1 kept private · 1 sent only to the facilitator" in requests.get(shared_url, timeout=10).text
        # The owner's own variant, and only it, shows what was sent to them (a positive control).
        owner = log_in(live_server, "levels@example.com")
        page = f"{live_server.url}/sessions/{created['id']}/report"
        assert TO_YOU_TEXT not in owner.get(page, timeout=10).text
        assert TO_YOU_TEXT in owner.get(f"{page}?include=facilitator", timeout=10).text
        assert TO_YOU_TEXT not in owner.get(f"{page}.md?include=facilitator", timeout=10).text  # downloads: as shared
        assert PRIVATE_TEXT not in "".join(live_server.output)
    finally:
        disconnect_all([host, projector, *(p.client for p in phones)])


def test_changing_levels_both_ways_and_the_text_is_gone_from_the_file(live_server, db_path):
    token = live_server.token_for("changes@example.com")
    created = new_session(live_server, token)
    host = connect_host(live_server, token, record=True)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    phone = Phone(live_server.url)
    try:
        resume = phone.join(created["code"])["token"]
        first = send(phone, "group", TAKEN_BACK)
        assert first["ok"]
        assert rows(db_path, "text", "share")[-1] == (TAKEN_BACK, "group")
        # Group → private: the server forgets the text, and every host screen hears so.
        taken = send(phone, "private")
        assert taken == {"ok": True, "id": first["id"], "share": "private"}
        assert (TAKEN_BACK, "group") not in rows(db_path, "text", "share")
        assert wait_for(
            lambda: any(
                a["id"] == first["id"] and a["share"] == "private" and a["text"] == ""
                for batch in host.recorder.of("answers")
                for a in batch["answers"]
            )
        )
        again = Phone(live_server.url)
        rejoined = again.join(created["code"], resume)  # the same participant, after a reload
        disconnect_all([again.client])
        assert rejoined["shares"] == {"s1q1": "private"} and "s1q1" not in rejoined["answers"]
        # Private → facilitator: the text comes (again) with the answer.
        back = send(phone, "facilitator", "Now only for the facilitator")
        assert back["share"] == "facilitator" and rows(db_path, "text")[-1] == ("Now only for the facilitator",)

        # Text for a private answer is refused and stored nowhere.
        refused = send(phone, "private", PRIVATE_TEXT)
        assert refused["error"]["code"] == "bad_request" and PRIVATE_TEXT not in refused["error"]["message"]
        assert send(phone, "shared")["error"]["code"] == "bad_request"
    finally:
        disconnect_all([host, phone.client])
    # After a clean stop, neither the taken-back nor the refused text is in the database
    # file (secure_delete: no copy in free pages); the kept text is (a positive control).
    live_server.stop()
    data = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"Now only for the facilitator" in data
    assert TAKEN_BACK.encode() not in data and PRIVATE_TEXT.encode() not in data
    assert PRIVATE_TEXT not in "".join(live_server.output) and TAKEN_BACK not in "".join(live_server.output)


def test_worksheet_defaults_fixed_levels_and_the_session_override(tmp_path):
    server = start_server(server_env(sqlite_url(tmp_path)))
    try:
        token = server.token_for("defaults@example.com")
        slug = own_worksheet(
            server,
            token,
            {
                "title": "Levels",
                "steps": [
                    {
                        "title": "Personal",
                        "questions": [
                            {"prompt": "Private by default?", "share": "private"},
                            {"prompt": "Only to the facilitator, fixed", "share": "facilitator", "share_fixed": True},
                            {"prompt": "The group's"},
                        ],
                    }
                ],
            },
        )
        created = new_session(server, token, worksheet=slug)
        phone = Phone(server.url)
        step = phone.join(created["code"])["step"]  # no purpose: step 0 asks the questions
        levels = [(q["share"], q["share_fixed"]) for q in step["questions"]]
        assert levels == [("private", False), ("facilitator", True), ("group", False)]
        qs = [q["id"] for q in step["questions"]]
        # The default applies without `share`; a private default refuses text sent without one.
        assert send(phone, text="x", question_id=qs[0])["error"]["code"] == "bad_request"
        assert send(phone, question_id=qs[0])["share"] == "private"
        assert send(phone, "group", "to the group after all", qs[0])["share"] == "group"  # not fixed: may change
        refused = send(phone, "group", "not allowed", qs[1])
        assert refused["error"]["code"] == "bad_request" and refused["error"]["field"] == "share"
        assert send(phone, "facilitator", "fine", qs[1])["share"] == "facilitator"
        bad = requests.post(
            f"{server.url}/api/v1/sessions",
            json={"worksheet": slug, "share": "everyone"},
            headers=auth(token),
            timeout=10,
        )
        assert bad.status_code == 400 and bad.json()["error"]["field"] == "share"
        disconnect_all([phone.client])

        # The session's override: every question not fixed starts private.
        overridden = new_session(server, token, worksheet=slug, share="private")
        host = connect_host(server, token)
        questions = host.call("host", {"session_id": overridden["id"]}, timeout=10)["state"]["step"]["questions"]
        disconnect_all([host])
        assert [(q["share"], q["share_fixed"]) for q in questions] == [
            ("private", False),
            ("facilitator", True),
            ("private", False),
        ]
    finally:
        server.stop()
