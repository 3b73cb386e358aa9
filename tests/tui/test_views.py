"""The words on the screens and the exercise's bookkeeping, without Textual."""

from __future__ import annotations

from tests.tui.conftest import MakeExercise
from wargame.bots.personas import solo_personas
from wargame.model.actions import EndTurn, Message, Propose
from wargame.model.scenario import Scenario
from wargame.tui import results, views
from wargame.tui.exercise import HouseRules, latest_save, save_info
from wargame.tui.messages import posts


def test_house_rules_on_messages() -> None:
    rules = HouseRules(press="public", press_phases=["framework"])
    assert rules.message_refused("framework", "all") is None
    assert "public messages only" in (rules.message_refused("framework", "russia") or "")
    assert "closed in the ceasefire talks" in (rules.message_refused("ceasefire", "all") or "")
    assert "no messages" in (HouseRules(press="none").message_refused("treaty", "all") or "")
    assert HouseRules.from_dict(HouseRules(hints=True).as_dict()).hints
    assert HouseRules.from_dict(None) == HouseRules()


def test_the_pin_is_kept_as_a_hash() -> None:
    rules = HouseRules()
    rules.set_pin("2468")
    assert rules.pin_scrypt and "2468" not in rules.pin_scrypt and rules.pin_sha256 is None
    assert rules.pin_scrypt.startswith("scrypt$")
    assert rules.pin_ok("2468") and not rules.pin_ok("1357")
    # A fresh salt each time: the same PIN never gives the same hash twice.
    other = HouseRules()
    other.set_pin("2468")
    assert other.pin_scrypt != rules.pin_scrypt and other.pin_ok("2468")
    # A save from before the salt still opens with its PIN.
    import hashlib

    old = HouseRules.from_dict({"pin_sha256": hashlib.sha256(b"2468").hexdigest()})
    assert old.has_pin and old.pin_ok("2468") and not old.pin_ok("1111")


def test_wrong_pin_tries_make_the_next_wait() -> None:
    from wargame.tui.pin import PinGate

    now = [100.0]
    gate = PinGate(clock=lambda: now[0])
    assert gate.failed() == 0 and gate.failed() == 0  # two slips are free
    assert gate.failed() == 2 and gate.wait() == 2
    now[0] += 2
    assert gate.wait() == 0 and gate.failed() == 4
    gate.passed()
    assert gate.wait() == 0 and gate.failures == 0


def test_difficulty_picks_personas_by_what_they_ask(scenario: Scenario) -> None:
    """The solo setup and `simulate --difficulty` share one resolver, which
    reads the personas' `difficulty:` tags before ranking them."""
    assert solo_personas(scenario, "easy")["russia"] == "conceder"
    assert solo_personas(scenario, "normal")["russia"] == "pragmatist"
    assert solo_personas(scenario, "hard")["russia"] == "hardliner"
    russia = scenario.seat("russia")
    swapped = [
        p.model_copy(update={"difficulty": {"hard": "easy", "easy": "hard"}.get(p.difficulty or "", p.difficulty)})
        for p in russia.personas
    ]
    retagged = scenario.model_copy(
        update={
            "seats": [s.model_copy(update={"personas": swapped}) if s.id == "russia" else s for s in scenario.seats]
        }
    )
    retagged = Scenario.model_validate(retagged.model_dump(by_alias=True))  # a fresh index of the seats
    assert solo_personas(retagged, "hard")["russia"] == "conceder", "the tag wins over the ranking"


def test_private_messages_reach_only_their_seats(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    ex.submit(Message(kind="message", seat="us", to="europe", text="just between us"))
    ex.submit(Message(kind="message", seat="us", to="all", text="hello all"))
    assert [p.text for p in posts(ex.game, "europe")] == ["just between us", "hello all"]
    assert [p.text for p in posts(ex.game, "russia")] == ["hello all"]
    assert [p.thread for p in posts(ex.game, "us")] == ["europe", "all"]
    assert not any("between us" in line for line in views.news(ex.game, "russia", 0))


def test_news_and_the_table_since_a_seat_last_looked(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    ex.submit(Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_day"}))
    ex.submit(EndTurn(kind="end_turn", seat="us"))
    since = ex.last_seen("russia")
    lines = views.news(ex.game, "russia", since)
    assert any("United States proposed Ceasefire = 30-day ceasefire" in line for line in lines)
    assert "[reverse] new [/]" in views.table_view(ex.game, since)
    assert ex.last_seen("us") == len(ex.game.events)
    assert views.news(ex.game, "us", ex.last_seen("us")) == []


def test_a_round_report_and_the_end(make_exercise: MakeExercise) -> None:
    ex = make_exercise(max_rounds=1)
    for seat in ex.scenario.turn_order:
        ex.submit(EndTurn(kind="end_turn", seat=seat))
    banner, text = results.round_report(ex.game, 1)
    assert banner == "TIME RAN OUT"
    assert "No vote" in text and "Rules that fired" in text
    assert views.UP in text or views.DOWN in text
    assert ex.next_step().kind == "resolution"
    ex.shown_round = 1
    assert ex.next_step().kind == "end"
    end = results.end_report(ex.game)
    assert "Outcome: Time ran out" in end and "Scores against each brief" in end


def test_save_info_reads_a_save_cheaply(make_exercise: MakeExercise) -> None:
    ex = make_exercise(seats={"us": "bot:hardliner"})
    assert ex.save_path is not None
    info = save_info(ex.save_path)
    assert info.scenario == "ukraine-2025" and info.rounds == 1 and info.status == "ceasefire"
    assert sorted(info.humans) == ["europe", "russia", "ukraine"]
    import os

    assert latest_save(os.path.dirname(ex.save_path)) == ex.save_path


def test_markup_in_player_text_is_escaped(make_exercise: MakeExercise) -> None:
    ex = make_exercise()
    ex.submit(Message(kind="message", seat="us", to="all", text="[b]shouting[/b] and [red]colour"))
    line = views.describe(ex.scenario, ex.game.events[-1], "russia")
    assert line is not None and line.startswith("United States wrote to everyone: ")
    assert "\\[b]shouting" in line
    assert views.esc("[red]x") != "[red]x"
