"""The process commands refuse a configuration they cannot run with, before starting anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lokal_cli.main import app
from lokal_cli.serve import resolve_entry
from lokal_cli.topology import Launched, RunState

runner = CliRunner()


def test_a_worker_refuses_the_in_process_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKAL_BROKER", "inprocess")
    result = runner.invoke(app, ["worker", "testbed.ledger:ENTRY"])
    assert result.exit_code == 2
    assert "LOKAL_BROKER=rabbitmq" in result.output


def test_a_service_given_as_module_and_attribute_must_be_a_service_entry() -> None:
    assert resolve_entry("testbed.ledger:ENTRY").name == "ledger"
    with pytest.raises(TypeError, match="not a ServiceEntry"):
        resolve_entry("testbed.ledger:bootstrap")


@pytest.mark.parametrize("replicas", ["ledger=0", "ledger=two", "ledger", "people=2"])
def test_up_refuses_replicas_it_cannot_start(replicas: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["up", "testbed.ledger:ENTRY", "--replicas", replicas, "--run-dir", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "state.json").exists()


def test_down_without_anything_running_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["down", "--run-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "nothing running" in result.output


def test_restart_names_the_processes_it_knows_when_given_another(tmp_path: Path) -> None:
    result = runner.invoke(app, ["restart", "people-api-1", "--run-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "(there: none)" in _unboxed(result.output)

    log = str(tmp_path / "x.log")
    RunState(tmp_path).save([Launched("ledger-worker-1", "ledger", "worker", 1, 1, log, [], {})])
    result = runner.invoke(app, ["restart", "people-api-1", "--run-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "(there: ledger-worker-1)" in _unboxed(result.output)


def _unboxed(output: str) -> str:
    """The error's text without the box and the line breaks it is drawn with."""
    return " ".join(output.replace("│", " ").split())
