import re

from server.domain.codes import ALPHABET, CODE_LENGTH, hash_token, is_valid_code, new_room_code, normalise_code


def test_codes_use_no_look_alikes():
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_room_code() for _ in range(2000)}
    assert all(re.fullmatch(f"[{ALPHABET}]{{{CODE_LENGTH}}}", c) for c in codes)
    assert len(codes) > 1990  # random, not sequential or repeating


def test_codes_cover_the_whole_alphabet():
    seen = set("".join(new_room_code() for _ in range(500)))
    assert seen == set(ALPHABET)


def test_typed_codes_are_forgiven():
    assert normalise_code(" abc-d2 3 ") == "ABCD23"
    assert is_valid_code("ABCD23")
    assert not is_valid_code("ABCD2O")  # letter O is not in the alphabet
    assert not is_valid_code("ABC")


def test_tokens_are_hashed_stably():
    assert hash_token("x") == hash_token("x") != hash_token("y")
    assert len(hash_token("x")) == 64
