"""requirements/: the hashed locks every install uses (Makefile, Dockerfile), and that they
still match pyproject.toml. A failure here after a change of dependencies: run `make lock`."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
LOCK_TEST = ROOT / "requirements" / "lock-test.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name → (pinned version, hashes), one per requirement of a lock."""
    text = re.sub(r"\\\n", " ", path.read_text())
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        assert not line.startswith("-"), f"{path.name}: no options in a lock ({line})"
        spec, hashes = line.split("--hash=")[0].strip(), re.findall(r"--hash=(\S+)", line)
        req = Requirement(spec)
        pins = [s for s in req.specifier if s.operator == "=="]
        assert len(pins) == 1 and not req.url, f"{path.name}: {spec} is not pinned to one version"
        assert hashes and all(h.startswith("sha256:") for h in hashes), f"{path.name}: {spec} has no sha256 hash"
        name = canonicalize_name(req.name)
        assert name not in out, f"{path.name}: {name} twice"
        out[name] = (pins[0].version, hashes)
    return out


@pytest.fixture(scope="module")
def runtime():
    return entries(LOCK)


@pytest.fixture(scope="module")
def full():
    return entries(LOCK_TEST)


def declared(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    reqs += PYPROJECT["build-system"]["requires"]  # built with --no-build-isolation
    return [Requirement(r) for r in reqs]


def assert_locks(lock: dict, reqs: list[Requirement], name: str) -> None:
    for req in reqs:
        key = canonicalize_name(req.name)
        assert key in lock, f"{req} is missing from {name}: run `make lock`"
        assert req.specifier.contains(lock[key][0], prereleases=True), (
            f"{name} pins {key}=={lock[key][0]}, outside {req}: run `make lock`"
        )


def test_runtime_lock_holds_the_dependencies_and_the_embeddings_extra(runtime):
    assert_locks(runtime, declared("embeddings"), LOCK.name)
    assert not {"pytest", "ruff", "mypy", "uv", "playwright"} & set(runtime), "test tools stay out of the image"


def test_test_lock_holds_everything_make_test_and_make_lint_need(full):
    assert_locks(full, declared("embeddings", "test"), LOCK_TEST.name)


def test_both_locks_pin_the_same_versions(runtime, full):
    assert set(runtime) <= set(full)
    assert {k: v[0] for k, v in runtime.items()} == {k: full[k][0] for k in runtime}


def test_installs_use_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    for target, lock in (("install", "$(LOCK)"), ("install-test", "$(LOCK_TEST)")):
        recipe = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
        assert f"--require-hashes -r {lock}" in recipe, f"make {target} installs from the lock"
        assert "$(SELF)" in recipe and "$(MODEL)" in recipe
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert re.search(r"^lock:", makefile, re.M), "`make lock` rewrites the locks"
    assert "make test" in (ROOT / ".ci" / "run").read_text()
