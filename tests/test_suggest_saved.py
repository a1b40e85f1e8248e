"""Tests for quiz.suggest.saved: a trained suggester kept on disk between processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz.suggest import Suggester, saved
from quiz.suggest.saved import fit_or_load, training_key
from tests.conftest import SUGGEST_FILLER, busybodies_training_set

TEXT = "Once more the busybodies have stopped the fair. " + SUGGEST_FILLER


def quotes(suggester: Suggester) -> list[tuple[str, str]]:
    return [(s.quote, s.category.value) for s in suggester.suggest(TEXT)]


def refuse_to_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(cls: object, excerpts: object) -> Suggester:
        raise AssertionError("trained again although a saved model was there")

    monkeypatch.setattr(Suggester, "fit", classmethod(fail))


def test_the_second_process_loads_instead_of_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fit_or_load(busybodies_training_set(), tmp_path / "cache")
    [kept] = (tmp_path / "cache").glob("suggester-*.pickle")
    assert training_key(busybodies_training_set()) in kept.name
    refuse_to_fit(monkeypatch)
    second = fit_or_load(busybodies_training_set(), tmp_path / "cache")
    assert quotes(second) == quotes(first)
    assert ("busybodies", "loaded_term") in quotes(second)


def test_changed_examples_train_again_and_replace_the_old_file(tmp_path: Path) -> None:
    fit_or_load(busybodies_training_set(), tmp_path)
    [old] = tmp_path.glob("suggester-*.pickle")
    changed = busybodies_training_set()[:-1]
    assert training_key(changed) != training_key(busybodies_training_set())
    fit_or_load(changed, tmp_path)
    [new] = tmp_path.glob("suggester-*.pickle")
    assert new != old and training_key(changed) in new.name
    assert not list(tmp_path.glob(".suggester-*"))  # no temporary file left behind


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N."])  # N. is None
def test_an_unreadable_file_is_trained_again_and_replaced(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / f"suggester-{training_key(busybodies_training_set())}.pickle"
    path.write_bytes(damage)
    suggester = fit_or_load(busybodies_training_set(), tmp_path)
    assert ("busybodies", "loaded_term") in quotes(suggester)
    assert path.read_bytes() != damage


def test_a_folder_that_cannot_be_made_only_means_training_every_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert ("busybodies", "loaded_term") in quotes(fit_or_load(busybodies_training_set(), blocker))
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def test_the_key_follows_the_word_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "suggest"
    shutil.copytree(saved.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(saved, "PACKAGE", package)
    before = training_key(busybodies_training_set())
    with (package / "data" / "vaderSentiment" / "boosters.txt").open("a") as boosters:
        boosters.write("hugely-new\n")
    assert training_key(busybodies_training_set()) != before
