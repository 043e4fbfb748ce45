"""Config from the environment: FULCRUM_ENV spelled exactly, and production keys that are
really random."""

import secrets

import pytest

from server.config import Config, ConfigError, secret_key

WEAK_KEYS = [" " * 32, "a" * 64, "password" * 8, "0123456789" * 4, "x" * 40, "Kp2short"]


@pytest.fixture
def env(monkeypatch):
    for name in ("FULCRUM_ENV", "SECRET_KEY", "DATABASE_URL", "FULCRUM_RETENTION_DAYS", "FULCRUM_PROXY_HOPS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("make", [lambda: secrets.token_urlsafe(48), lambda: secrets.token_hex(32)])
def test_random_keys_pass_in_production(env, tmp_path, make):
    for _ in range(200):  # random keys, so many of them: no unlucky draw may be refused
        key = make()
        env.setenv("SECRET_KEY", key)
        assert secret_key(str(tmp_path), production=True) == key


@pytest.mark.parametrize("key", WEAK_KEYS)
def test_weak_keys_are_refused_in_production(env, tmp_path, key):
    env.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError) as refused:
        secret_key(str(tmp_path), production=True)
    message = str(refused.value)
    assert "SECRET_KEY" in message and "secrets.token_urlsafe(48)" in message  # says how to make a good one
    assert key not in message  # and never echoes the key
    assert secret_key(str(tmp_path), production=False) == key  # development takes what it is given


def test_weak_key_messages_say_what_is_wrong(env, tmp_path):
    def problem(key):
        env.setenv("SECRET_KEY", key)
        with pytest.raises(ConfigError) as refused:
            secret_key(str(tmp_path), production=True)
        return str(refused.value)

    assert "too short" in problem("Kp2short")
    assert "1 different character" in problem(" " * 32)
    assert "7 different character" in problem("password" * 8)
    assert "repeats a short pattern" in problem("0123456789" * 4)


def test_production_needs_a_key(env, tmp_path):
    env.setenv("FULCRUM_ENV", "production")
    with pytest.raises(ConfigError, match="needs SECRET_KEY"):
        Config(str(tmp_path))
    env.setenv("SECRET_KEY", " " * 32)
    with pytest.raises(ConfigError, match="too weak for production"):
        Config(str(tmp_path))
    env.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    assert Config(str(tmp_path)).PRODUCTION is True


@pytest.mark.parametrize("value", ["Production", "PRODUCTION", "prod", " production", "production ", "dev", "test"])
def test_unknown_fulcrum_env_is_refused(env, tmp_path, value):
    env.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    env.setenv("FULCRUM_ENV", value)
    with pytest.raises(ConfigError) as refused:
        Config(str(tmp_path))
    message = str(refused.value)
    assert "FULCRUM_ENV" in message and "development" in message and "production" in message
    assert repr(value) in message


@pytest.mark.parametrize(
    "value, production", [(None, False), ("", False), ("development", False), ("production", True)]
)
def test_known_fulcrum_env_values(env, tmp_path, value, production):
    env.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    if value is not None:
        env.setenv("FULCRUM_ENV", value)
    assert Config(str(tmp_path)).PRODUCTION is production
