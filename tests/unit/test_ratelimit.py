"""The in-process rate limiter: fixed windows that refuse past their amount and reset,
a sweep that removes only ended windows (from the second after they end) and never
rebuilds the table, and a socket's windows dropped when it disconnects. The clock is
injected: no test sleeps."""

import pytest
from limits import parse

from server.ratelimit import LocalLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def limiter(clock):
    return LocalLimiter(clock=clock)


def owners(limiter):
    return set(limiter._windows)


def test_a_limit_refuses_past_its_amount_and_resets_after_its_window(limiter, clock):
    three = parse("3/10 seconds")
    assert [limiter.hit(three, "answer", "sock") for _ in range(4)] == [True, True, True, False]
    assert limiter.test(three, "answer", "sock") is False
    assert limiter.hit(three, "answer", "other-sock")  # other keys have counts of their own
    clock.now += 9.9
    assert not limiter.hit(three, "answer", "sock")  # refused hits do not extend the window
    clock.now += 0.1  # the window has ended: a fresh one
    assert limiter.test(three, "answer", "sock")
    assert [limiter.hit(three, "answer", "sock") for _ in range(4)] == [True, True, True, False]


def test_every_limit_of_a_rule_counts_on_its_own_window(limiter, clock):
    per_second, per_minute = parse("2/second"), parse("3/minute")

    def send():
        return all([limiter.hit(per_second, "goto", "sock"), limiter.hit(per_minute, "goto", "sock")])

    assert [send(), send(), send()] == [True, True, False]
    clock.now += 1  # the second's window ended, the minute's runs on with 3 used
    assert send() is False
    clock.now += 59
    assert send() is True


def test_the_module_functions_refuse_with_rate_limited():
    from server.domain.errors import DomainError
    from server.ratelimit import hit

    for _ in range(3):
        hit("3/minute", "unit-test-event", "unit-test-socket", local=True)
    with pytest.raises(DomainError) as refused:
        hit("3/minute", "unit-test-event", "unit-test-socket", local=True)
    assert refused.value.code == "rate_limited"


def test_the_sweep_removes_ended_windows_and_keeps_running_ones(limiter, clock):
    second, ten, minute = parse("1/second"), parse("5/10 seconds"), parse("1/minute")
    limiter.hit(second, "answer", "a")
    limiter.hit(ten, "answer", "b")
    limiter.hit(minute, "join", "c")
    limiter.hit(second, "goto", "c")
    assert len(limiter) == 4
    clock.now += 0.99
    assert limiter.sweep() == 0 and len(limiter) == 4  # nothing has ended yet
    clock.now += 4.01
    assert limiter.sweep() == 2  # the two one-second windows
    assert owners(limiter) == {"b", "c"} and len(limiter) == 2
    assert not limiter.hit(minute, "join", "c")  # a running window keeps its count
    clock.now += 5
    assert limiter.sweep() == 1 and owners(limiter) == {"c"}
    clock.now += 50
    assert limiter.sweep() == 1 and limiter._windows == {} and len(limiter) == 0
    assert limiter.swept == 4


def test_hits_sweep_ended_windows_a_few_at_a_time(limiter, clock):
    second, minute = parse("1/second"), parse("1/minute")
    for n in range(20):
        limiter.hit(second, "answer", f"old-{n}")
    limiter.hit(minute, "answer", "running")
    clock.now += 2
    limiter.hit(minute, "answer", "new")  # one hit removes at most SWEEP_STEP ended windows
    assert limiter.swept == LocalLimiter.SWEEP_STEP
    for n in range(5):
        limiter.hit(minute, "answer", f"new-{n}")
    assert limiter.swept == 20 and len(limiter) == 1 + 1 + 5
    assert not any(owner.startswith("old-") for owner in owners(limiter))


def test_a_window_restarted_before_its_old_end_is_swept_is_kept(limiter, clock):
    second = parse("2/second")
    limiter.SWEEP_STEP = 0  # as if the hit's sweep had spent its step on other windows
    limiter.hit(second, "answer", "sock")
    clock.now += 1.5  # ended, not swept
    assert limiter.hit(second, "answer", "sock")  # a fresh window, 1 used
    assert limiter.sweep() == 0 and len(limiter) == 1  # the old end time does not remove it
    assert limiter.hit(second, "answer", "sock") and not limiter.hit(second, "answer", "sock")
    clock.now += 1.5  # the fresh window ended at 1002.5; its owner is filed under second 1003
    assert limiter.sweep() == 1 and len(limiter) == 0


def test_forget_drops_that_sockets_windows_only(limiter, clock):
    one = parse("1/minute")
    for event in ("join", "answer", "goto"):
        limiter.hit(one, event, "leaving")
        limiter.hit(one, event, "staying")
    assert not limiter.hit(one, "join", "leaving")
    limiter.forget("leaving")
    assert owners(limiter) == {"staying"} and len(limiter) == 3
    assert not limiter.hit(one, "join", "staying")  # the other socket's counts are untouched
    limiter.forget("never-seen")  # unknown owners are fine
    assert len(limiter) == 3
    # The forgotten windows' end times are still queued; sweeping them later is harmless.
    clock.now += 61
    assert limiter.sweep() == 3 and len(limiter) == 0


def test_a_hit_never_rebuilds_a_table_of_150000_live_windows(limiter, clock):
    minute = parse("10/minute")
    for n in range(150_000):
        limiter.hit(minute, "join", f"sock-{n}")
    assert len(limiter) == 150_000
    table, first = limiter._windows, limiter._windows["sock-0"]
    clock.now += 30  # all still running
    for n in range(1_000):
        assert limiter.hit(minute, "answer", f"new-{n}")
        assert limiter.hit(minute, "join", f"sock-{n}")
    # The same table object, the same inner dicts, nothing dropped and nothing swept:
    # the old limiter rebuilt the whole table on every hit past 100,000 entries.
    assert limiter._windows is table and limiter._windows["sock-0"] is first
    assert len(limiter) == 151_000 == sum(len(w) for w in table.values())
    assert limiter.swept == 0
    # Once their minute has ended, each hit removes a bounded few (never all at once).
    clock.now += 31
    limiter.hit(minute, "answer", "late")
    assert limiter.swept == LocalLimiter.SWEEP_STEP and limiter._windows is table
    assert limiter.sweep() == 150_000 - LocalLimiter.SWEEP_STEP  # the first minute's windows
    assert owners(limiter) == {"late", *(f"new-{n}" for n in range(1_000))}  # started 30 s later


def test_a_disconnecting_socket_drops_its_windows(app):
    """The real Socket.IO handlers, in process: `goto` counts per socket; `disconnect` forgets."""
    from server import ratelimit
    from server.extensions import socketio

    before = owners(ratelimit._local)
    leaving, staying = socketio.test_client(app), socketio.test_client(app)
    for client in (leaving, staying):
        ack = client.emit("goto", {"index": 1}, callback=True)
        assert ack["error"]["code"] == "forbidden"  # counted, then refused: no session hosted
    added = owners(ratelimit._local) - before
    assert len(added) == 2  # positive control: each socket has windows of its own
    leaving.disconnect()
    left = owners(ratelimit._local) - before
    assert len(left) == 1
    assert staying.emit("goto", {"index": 1}, callback=True)["error"]["code"] == "forbidden"
    assert owners(ratelimit._local) - before == left  # the staying socket counts on in its windows
    staying.disconnect()
    assert owners(ratelimit._local) - before == set()
