import pytest

from server.domain.answers import MAX_ANSWER, clean_client_id, clean_text
from server.domain.errors import DomainError


def test_answer_text_is_trimmed():
    assert clean_text("  alone time \n") == "alone time"


@pytest.mark.parametrize(
    "bad,code",
    [
        ("", "bad_request"),
        ("   \n\t", "bad_request"),
        (None, "bad_request"),
        (42, "bad_request"),
        (["x"], "bad_request"),
        ("x" * (MAX_ANSWER + 1), "too_long"),
    ],
)
def test_bad_answer_text_is_refused_with_a_code(bad, code):
    with pytest.raises(DomainError) as error:
        clean_text(bad)
    assert error.value.code == code


def test_limit_is_counted_after_trimming():
    assert len(clean_text(" " * 50 + "x" * MAX_ANSWER + " " * 50)) == MAX_ANSWER


@pytest.mark.parametrize("bad", ["", None, 7, "x" * 65])
def test_client_id_must_be_a_short_string(bad):
    with pytest.raises(DomainError):
        clean_client_id(bad)
