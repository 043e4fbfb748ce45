"""/api/v1/worksheets: a facilitator's own worksheets beside the library — create from JSON,
YAML or an imported document, preview (dry run), update, copy, delete, run; and the refusals."""

import io

import pytest
import yaml

from support import ROOT, SEED, SEED_TITLE, auth, make_facilitator

SEED_TEXT = ROOT.parent / "shared" / "worksheets" / "independence-interdependence.txt"
CHECK_IN = {
    "title": "Friday check-in",
    "description": "Ten minutes to close the week.",
    "steps": [
        {
            "title": "How was the week?",
            "notes": "Reveal the scale once most have answered.",
            "minutes": 5,
            "questions": [
                {"prompt": "How full is your tank?", "kind": "scale", "min": 0, "max": 10, "left": "Empty"},
                {"prompt": "What helped?", "kind": "choice", "options": ["Team", "Focus time", "Rest"]},
                {"prompt": "One word for the week"},
            ],
        }
    ],
}


@pytest.fixture
def token(app):
    return make_facilitator(app)


@pytest.fixture
def other(app):
    return make_facilitator(app, "other@example.com")


def post(client, token, body=None, query="", **kwargs):
    if body is not None:
        kwargs["json"] = body
    return client.post(f"/api/v1/worksheets{query}", headers=auth(token), **kwargs)


def test_create_list_get_run_and_its_yaml_round_trips(client, token):
    created = post(client, token, CHECK_IN)
    assert created.status_code == 201, created.get_json()
    assert created.get_json() == {"slug": "friday-check-in", "title": "Friday check-in", "steps": 1, "questions": 3,
                                  "warnings": []}  # fmt: skip
    listed = {w["slug"]: w for w in client.get("/api/v1/worksheets", headers=auth(token)).get_json()}
    assert listed["friday-check-in"] == {
        "slug": "friday-check-in", "title": "Friday check-in", "description": "Ten minutes to close the week.",
        "steps": 1, "questions": 3, "source": "mine", "editable": True,
    }  # fmt: skip
    assert listed[SEED]["source"] == "library" and not listed[SEED]["editable"]

    got = client.get("/api/v1/worksheets/friday-check-in", headers=auth(token)).get_json()
    assert got == CHECK_IN  # the YAML keys, defaults left out
    as_yaml = client.get("/api/v1/worksheets/friday-check-in.yaml", headers=auth(token))
    assert as_yaml.mimetype == "application/yaml" and "attachment" in as_yaml.headers["Content-Disposition"]
    assert unblocked(yaml.safe_load(as_yaml.data)) == CHECK_IN  # guidance and notes as `|` blocks
    again = post(client, token, data=as_yaml.data, content_type="application/yaml")
    assert again.status_code == 201 and again.get_json()["slug"] == "friday-check-in-2"  # never collides
    assert client.get("/api/v1/worksheets/friday-check-in-2", headers=auth(token)).get_json() == CHECK_IN

    session = client.post("/api/v1/sessions", json={"worksheet": "friday-check-in"}, headers=auth(token))
    assert session.status_code == 201
    state = client.get(f"/api/v1/sessions/{session.get_json()['id']}", headers=auth(token)).get_json()
    assert state["worksheet"] == "friday-check-in" and state["title"] == "Friday check-in"


def test_the_seed_library_worksheet_yaml_round_trips_unchanged(client, token):
    seed_yaml = client.get(f"/api/v1/worksheets/{SEED}.yaml", headers=auth(token)).data
    created = post(client, token, data=seed_yaml, content_type="application/yaml").get_json()
    assert created["slug"] == "the-balance-between-independence-and-interdependence"  # from the title
    assert created["questions"] == 21
    assert client.get(f"/api/v1/worksheets/{created['slug']}.yaml", headers=auth(token)).data == seed_yaml
    # As JSON, the file's own keys (its `|` blocks without their final newline).
    original = yaml.safe_load((ROOT / "facilitator" / f"{SEED}.yaml").read_text())
    assert client.get(f"/api/v1/worksheets/{SEED}", headers=auth(token)).get_json() == unblocked(original)


def unblocked(data):
    if isinstance(data, str):
        return data.strip("\n")
    if isinstance(data, list):
        return [unblocked(item) for item in data]
    return {key: unblocked(value) for key, value in data.items()} if isinstance(data, dict) else data


def test_dry_run_validates_without_saving_and_errors_name_the_field(client, token):
    preview = post(client, token, CHECK_IN, "?dry_run=1")
    assert preview.status_code == 200
    body = preview.get_json()
    assert body["worksheet"] == CHECK_IN and body["questions"] == 3 and body["warnings"] == []
    assert "friday-check-in" not in {
        w["slug"] for w in client.get("/api/v1/worksheets", headers=auth(token)).get_json()
    }

    broken = {**CHECK_IN, "steps": [{**CHECK_IN["steps"][0], "questions": [{"prompt": " "}]}]}
    for query in ("", "?dry_run=1"):
        refused = post(client, token, broken, query)
        assert refused.status_code == 400
        error = refused.get_json()["error"]
        assert error["code"] == "invalid_worksheet" and error["field"] == "steps[1].questions[1].prompt"
        assert "must be a non-empty string" in error["message"]
    one_option = {"title": "T", "steps": [{"title": "S", "questions": [{"prompt": "P", "kind": "choice",
                                                                          "options": ["Only"]}]}]}  # fmt: skip
    error = post(client, token, one_option).get_json()["error"]
    assert error["field"] == "steps[1].questions[1].options" and "2 to 12 options" in error["message"]
    bad_yaml = post(client, token, data=b"title: [unclosed\n", content_type="application/yaml").get_json()["error"]
    assert bad_yaml["code"] == "invalid_worksheet" and "YAML syntax error" in bad_yaml["message"]
    assert "field" not in bad_yaml
    assert post(client, token, data=b"title: x", content_type="image/png").get_json()["error"]["code"] == "bad_request"
    assert post(client, token, [1, 2]).get_json()["error"]["code"] == "bad_request"


def test_import_text_markdown_and_documents(client, token):
    text = SEED_TEXT.read_text(encoding="utf-8")
    preview = post(client, token, data=text.encode(), content_type="text/plain", query="?dry_run=1").get_json()
    seed = client.get(f"/api/v1/worksheets/{SEED}", headers=auth(token)).get_json()
    assert preview["worksheet"] == seed and preview["warnings"] == [] and preview["questions"] == 21

    markdown = "# Team retro\n\n## What went well\n\n- What are you proud of?\n- Who helped you?\n"
    created = post(client, token, data=markdown.encode(), content_type="text/markdown")
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["title"] == "Team retro" and created.get_json()["questions"] == 2

    upload = post(client, token, data={"file": (io.BytesIO(text.encode()), "seed.txt")},
                  content_type="multipart/form-data", query="?dry_run=1")  # fmt: skip
    assert upload.get_json()["worksheet"] == seed
    yaml_file = post(client, token, data={"file": (io.BytesIO(yaml.safe_dump(CHECK_IN).encode()), "mine.yaml")},
                     content_type="multipart/form-data")  # fmt: skip
    assert yaml_file.status_code == 201 and yaml_file.get_json()["slug"] == "friday-check-in"
    garbage = post(client, token, data={"file": (io.BytesIO(b"\x00\x01not a zip"), "notes.docx")},
                   content_type="multipart/form-data").get_json()  # fmt: skip
    assert garbage["error"]["code"] == "invalid_worksheet" and garbage["error"]["field"] == "file"
    missing = post(client, token, data={"other": "x"}, content_type="multipart/form-data").get_json()["error"]
    assert missing["code"] == "bad_request" and missing["field"] == "file"


def test_update_copy_delete_and_the_refusals(client, token, other):
    slug = post(client, token, CHECK_IN).get_json()["slug"]
    renamed = {**CHECK_IN, "title": "Friday wrap-up"}
    updated = client.put(f"/api/v1/worksheets/{slug}", json=renamed, headers=auth(token))
    assert updated.status_code == 200 and updated.get_json()["slug"] == slug  # the slug stays
    assert client.get(f"/api/v1/worksheets/{slug}", headers=auth(token)).get_json()["title"] == "Friday wrap-up"

    library_put = client.put(f"/api/v1/worksheets/{SEED}", json=renamed, headers=auth(token))
    assert library_put.status_code == 403 and library_put.get_json()["error"]["code"] == "forbidden"
    assert "copy it first" in library_put.get_json()["error"]["message"]
    assert client.delete(f"/api/v1/worksheets/{SEED}", headers=auth(token)).status_code == 403

    copied = client.post(f"/api/v1/worksheets/{SEED}/copy", headers=auth(token))
    assert copied.status_code == 201
    assert copied.get_json()["title"] == f"{SEED_TITLE} (copy)" and copied.get_json()["questions"] == 21
    copy_slug = copied.get_json()["slug"]
    assert client.put(f"/api/v1/worksheets/{copy_slug}", json=renamed, headers=auth(token)).status_code == 200

    # Another facilitator sees the library and their own only: someone else's is unknown.
    theirs = {w["slug"] for w in client.get("/api/v1/worksheets", headers=auth(other)).get_json()}
    assert SEED in theirs and slug not in theirs
    for response in (
        client.get(f"/api/v1/worksheets/{slug}", headers=auth(other)),
        client.get(f"/api/v1/worksheets/{slug}.yaml", headers=auth(other)),
        client.put(f"/api/v1/worksheets/{slug}", json=renamed, headers=auth(other)),
        client.post(f"/api/v1/worksheets/{slug}/copy", headers=auth(other)),
        client.delete(f"/api/v1/worksheets/{slug}", headers=auth(other)),
        client.post("/api/v1/sessions", json={"worksheet": slug}, headers=auth(other)),
    ):
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"

    session = client.post("/api/v1/sessions", json={"worksheet": slug}, headers=auth(token)).get_json()
    assert client.delete(f"/api/v1/worksheets/{slug}", headers=auth(token)).status_code == 204
    assert client.get(f"/api/v1/worksheets/{slug}", headers=auth(token)).status_code == 404
    # The session keeps its snapshot: its report still has the worksheet's questions.
    report = client.get(f"/api/v1/sessions/{session['id']}/report", headers=auth(token)).get_json()
    assert report["steps"][0]["questions"][0]["prompt"] == "How full is your tank?"


def test_a_document_over_the_limit_is_refused(client, token):
    from server.domain.importer import MAX_DOCUMENT_BYTES

    big = post(client, token, data={"file": (io.BytesIO(b"a" * (MAX_DOCUMENT_BYTES + 1)), "big.txt")},
               content_type="multipart/form-data")  # fmt: skip
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "too_long"
    fine = post(client, token, data={"file": (io.BytesIO(b"Title\n\nStep 1: One\n- Why?\n" + b" " * 70_000), "ok.txt")},
                content_type="multipart/form-data", query="?dry_run=1")  # fmt: skip
    assert fine.status_code == 200, fine.get_json()  # over the API's 64 KB JSON limit, under a document's


@pytest.mark.live
def test_a_document_over_the_json_limit_reaches_the_importer_through_a_real_server(live_server):
    """`fulcrum serve` reads bodies up to the document limit (server/serving.py), not 64 KB."""
    import requests

    token = live_server.token_for("big-upload@example.com")
    text = b"Long worksheet\n\nStep 1: One\n\n" + b"Some guidance that goes on. " * 8000 + b"\n\n- Why?\n"
    assert 64 * 1024 < len(text) < 256 * 1024
    response = requests.post(
        f"{live_server.url}/api/v1/worksheets?dry_run=1",
        files={"file": ("long.txt", text, "text/plain")},
        headers=auth(token),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json()["questions"] == 1
