"""`wargame host` as a process: codes printed, SIGTERM and SIGINT stop it with
the save intact, and the same command line resumes the game."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from wargame.cli import main
from wargame.store.savefile import load_save

from .conftest import DECK, SCENARIO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_host(save: str, port: int, *extra: str) -> tuple[subprocess.Popen[str], list[str]]:
    cmd = [
        sys.executable,
        "-c",
        "from wargame.cli import entry; entry()",
        "host",
        SCENARIO,
        "--deck",
        DECK,
        "--save",
        save,
        "--port",
        str(port),
        *extra,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + 30
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("  facilitator"):
            return proc, lines
    proc.kill()
    raise AssertionError(f"the host did not print its codes: {lines} {proc.stderr.read() if proc.stderr else ''}")


def codes(lines: list[str]) -> dict[str, str]:
    return {line.split()[0]: line.split()[1] for line in lines if line.startswith("  ")}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_host_stops_cleanly_on_a_signal_and_resumes_from_its_save(tmp_path, sig: signal.Signals) -> None:
    save = os.path.join(str(tmp_path), "class.jsonl")
    proc, lines = start_host(save, free_port())
    first = codes(lines)
    assert set(first) == {"us", "russia", "ukraine", "europe", "facilitator"}
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "the saves are intact" in out.lower() and f"--save {save}" in out
    assert len(load_save(save).events) >= 2  # the game started, and verifies
    oct_mode = os.stat(save + ".codes.json").st_mode & 0o777
    assert oct_mode == 0o600
    again, lines = start_host(save, free_port())
    assert codes(lines) == first  # the same codes: the clients reconnect unchanged
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=20)
    assert again.returncode == 0


def test_binding_to_a_network_address_warns(tmp_path, capsys, monkeypatch) -> None:
    from wargame.net import commands

    monkeypatch.setattr(commands, "_games", lambda args: [])
    assert main(["host", "--bind", "0.0.0.0", "--save", os.path.join(str(tmp_path), "x.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "warning: binding to 0.0.0.0" in err and "TLS reverse proxy" in err


def test_join_refuses_an_address_that_is_not_a_websocket(capsys) -> None:
    assert main(["join", "http://127.0.0.1:8765", "--code", "ABCD-EFGH"]) == 2
    assert "starts with ws://" in capsys.readouterr().err


def test_host_web_serves_the_join_client_to_browsers_and_stops_with_the_host(tmp_path) -> None:
    import urllib.request

    save = os.path.join(str(tmp_path), "web.jsonl")
    web_port = free_port()
    proc, lines = start_host(save, free_port(), "--web", "--web-port", str(web_port))
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
        page = ""
        for _ in range(100):
            try:
                page = opener.open(f"http://127.0.0.1:{web_port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "wargame: join a hosted game" in page
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert proc.returncode == 0
    with pytest.raises(OSError):
        opener.open(f"http://127.0.0.1:{web_port}/", timeout=2)  # the web server went with the host
