"""The engine process: a child of a process that computes themes (live/themes.py
`EngineProcess`), holding the embedding model and running the engine, so the server's
event loop never waits on it. Run as `python -m server.themes.worker`.

Protocol, one JSON object per line: stdin {"texts": [...], "question": "..."} →
stdout {"themes": [{"members", "label", "keywords", "examples", "fits"}]} (indices into
texts; "fits" per member, aligned with "members": cosine to the theme's centre in [0, 1],
3 decimals; texts in no theme are "Other"), or {"error": "..."}. The first line out is {"ready": REPRESENTATION}.
"""

import json
import os
import sys


def main() -> None:
    # Themes can wait a moment; phones and the dashboard cannot. At a lower priority the
    # worker only takes the CPU time the server leaves.
    os.nice(10)
    # Keep the protocol channel clean: anything a library prints goes to stderr.
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    from . import find_themes, representation, warm_up

    warm_up()
    channel.write(json.dumps({"ready": representation()}) + "\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            themes = find_themes(request["texts"], request.get("question", ""))
            reply = {
                "themes": [
                    {
                        "members": list(t.members),
                        "label": t.label,
                        "keywords": list(t.keywords),
                        "examples": list(t.examples),
                        "fits": list(t.fits),
                    }
                    for t in themes
                ]
            }
        except Exception as error:  # one bad request must not end the worker
            reply = {"error": f"{type(error).__name__}: {error}"}
        channel.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    main()
