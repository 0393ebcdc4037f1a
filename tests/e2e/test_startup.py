"""Start-up as an operator meets it: the real console script with bad settings says what is
wrong in one ``afterview: ...`` line and exits non-zero, never with a traceback; a platform that
dies for good ends the process; SIGTERM stops a start that hangs."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.slack.fake_slack import FakeSlack

pytestmark = pytest.mark.slow

EXE = Path(sys.executable).with_name("afterview")
WAIT = 60.0
"""Seconds a process may take to fail; a stuck one fails the test instead of hanging it."""


def clean_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment without any of our settings, a fresh SQLite file, quiet logs."""
    prefixes = ("AFTERVIEW_", "SLACK_", "DISCORD_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["AFTERVIEW_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    env["AFTERVIEW_LOG_LEVEL"] = "WARNING"
    env.update(settings)
    return env


def afterview(tmp_path: Path, args: list[str], env: dict[str, str]) -> tuple[int, str]:
    # cwd is the test's own folder, so no .env or deploy/afterview.env of the checkout is read.
    done = subprocess.run(
        [str(EXE), *args],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return done.returncode, done.stderr


def one_line(code: int, stderr: str) -> str:
    """The single ``afterview:`` line, after checking the exit code and the absent traceback."""
    assert code != 0, stderr
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("afterview")]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"AFTERVIEW_DATABASE_URL": "not a url"}, "not a database URL"),
        ({"AFTERVIEW_DATABASE_URL": "postgresql+psycopg://"}, "names no host"),
        ({"AFTERVIEW_DATABASE_URL": "postgresql+psycopg://u@db.example"}, "names no database"),
        ({"AFTERVIEW_DATABASE_URL": "mysql://u@h/db"}, "not supported"),
        ({"AFTERVIEW_LOG_LEVEL": "chatty"}, "AFTERVIEW_LOG_LEVEL"),
        ({"AFTERVIEW_LEASE_SECONDS": "nan"}, "finite"),
        ({"AFTERVIEW_LEASE_SECONDS": "inf"}, "finite"),
        ({"AFTERVIEW_SEND_RATE": "-2"}, "greater than zero"),
        ({"AFTERVIEW_MAX_ATTEMPTS": "0"}, "at least 1"),
        ({"AFTERVIEW_TIMEZONE": "Mars/Olympus"}, "IANA"),
        ({"AFTERVIEW_HEALTH_PORT": "70000"}, "at most 65535"),
        ({"SLACK_RATE_PER_SEC": "3"}, "AFTERVIEW_SEND_RATE_SLACK"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"DISCORD_TOKEN": "t", "DISCORD_SHARDED": "maybe"}, "DISCORD_SHARDED"),
        ({}, "no platform is configured"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(
    tmp_path: Path, settings: dict[str, str], says: str
) -> None:
    code, stderr = afterview(tmp_path, ["serve"], clean_env(tmp_path, **settings))
    assert says in one_line(code, stderr)
    assert code == 2


def test_settings_come_from_the_env_file_with_the_environment_first(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "afterview.env").write_text(
        "AFTERVIEW_LEASE_SECONDS=nan\nAFTERVIEW_SEND_RATE=fast\n", encoding="utf-8"
    )
    code, stderr = afterview(tmp_path, ["serve"], clean_env(tmp_path, AFTERVIEW_SEND_RATE="2"))
    assert "AFTERVIEW_LEASE_SECONDS='nan'" in one_line(code, stderr)  # from the file
    (tmp_path / ".env").write_text("AFTERVIEW_LEASE_SECONDS=30\n", encoding="utf-8")
    code, stderr = afterview(tmp_path, ["serve"], clean_env(tmp_path, AFTERVIEW_SEND_RATE="2"))
    assert "no platform is configured" in one_line(code, stderr)  # .env wins over deploy/


def test_postgresql_that_does_not_answer(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/afterview"
    code, stderr = afterview(tmp_path, ["nudges"], clean_env(tmp_path, AFTERVIEW_DATABASE_URL=url))
    line = one_line(code, stderr)
    assert "cannot use PostgreSQL at postgresql+psycopg://postgres@127.0.0.1:1/afterview" in line
    assert code == 1


def test_postgresql_without_the_postgres_extra(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/afterview"
    script = (
        "import sys; sys.modules['psycopg'] = None\n"  # as if the extra were not installed
        "from adapters.cli import main; raise SystemExit(main(['nudges']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=clean_env(tmp_path, AFTERVIEW_DATABASE_URL=url),
        cwd=tmp_path,
        check=False,
    )
    assert "afterview[postgres]" in one_line(done.returncode, done.stderr)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    db.write_bytes(b"these are not the pages you are looking for\n" * 200)
    code, stderr = afterview(tmp_path, ["nudges"], clean_env(tmp_path))
    line = one_line(code, stderr)
    assert "is damaged" in line
    assert ".recover" in line  # says what to do
    assert db.read_bytes().startswith(b"these are not")  # and leaves the file alone


def test_a_damaged_database_is_caught_by_the_integrity_check(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    assert afterview(tmp_path, ["nudges"], clean_env(tmp_path))[0] == 0  # creates it
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("CREATE TABLE filler (x TEXT)")
        connection.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = b"\xa5" * (page * 3)  # pages in the middle, header intact
    db.write_bytes(bytes(data))
    code, stderr = afterview(tmp_path, ["nudges"], clean_env(tmp_path))
    assert "is damaged" in one_line(code, stderr)
    assert code == 1


def test_a_read_only_database(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    sqlite3.connect(db).close()  # an empty file that still needs its tables
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    code, stderr = afterview(tmp_path, ["nudges"], clean_env(tmp_path, AFTERVIEW_DATABASE_URL=url))
    assert "read-only" in one_line(code, stderr)


# -- Discord -----------------------------------------------------------------------------------


async def run_async(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(EXE),
        *args,
        env=env,
        cwd=tmp_path,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def finished(process: asyncio.subprocess.Process) -> tuple[int, str]:
    assert process.stderr is not None
    stderr = await asyncio.wait_for(process.stderr.read(), WAIT)
    code = await asyncio.wait_for(process.wait(), WAIT)
    return code, stderr.decode()


def discord_env(tmp_path: Path, fake: FakeDiscord) -> dict[str, str]:
    return clean_env(
        tmp_path,
        DISCORD_TOKEN="fake-token",
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
    )


@pytest.fixture
async def fake_discord() -> object:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.mark.parametrize("args", [["serve"], ["discord", "sync"]])
async def test_a_bad_discord_token(
    tmp_path: Path, fake_discord: FakeDiscord, args: list[str]
) -> None:
    fake_discord.behaviour.bad_token = True
    code, stderr = await finished(
        await run_async(tmp_path, args, discord_env(tmp_path, fake_discord))
    )
    assert "Discord refused DISCORD_TOKEN" in one_line(code, stderr)
    assert code == 1


async def test_discord_sync_refused_with_400(tmp_path: Path, fake_discord: FakeDiscord) -> None:
    fake_discord.behaviour.sync_error = 400
    process = await run_async(tmp_path, ["discord", "sync"], discord_env(tmp_path, fake_discord))
    code, stderr = await finished(process)
    line = one_line(code, stderr)
    assert "HTTP 400" in line
    assert "50035" in line


async def test_a_gateway_closed_for_good_ends_the_process(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    process = await run_async(tmp_path, ["serve"], discord_env(tmp_path, fake_discord))
    await fake_discord.wait_connected(1)
    await fake_discord.close_gateway(4004, "Authentication failed.")
    code, stderr = await finished(process)
    assert "4004" in one_line(code, stderr)
    assert code == 1


# -- Slack -------------------------------------------------------------------------------------


def test_slack_unreachable_at_start_in_socket_mode(tmp_path: Path) -> None:
    env = clean_env(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_APP_TOKEN="xapp-1",
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )
    code, stderr = afterview(tmp_path, ["serve"], env)
    assert "cannot reach Slack" in one_line(code, stderr)
    assert code == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_ends_a_start_that_hangs(tmp_path: Path, signum: int) -> None:
    fake = FakeSlack()
    await fake.start()
    try:
        # Slack answers who we are but never hands out a Socket Mode URL: slack_sdk retries.
        fake.script("apps.connections.open", body={"ok": False, "error": "boom"}, times=1000)
        env = clean_env(
            tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", SLACK_API_URL=fake.api_url
        )
        process = await run_async(tmp_path, ["serve"], env)
        await fake.wait_for("apps.connections.open", limit=WAIT)
        process.send_signal(signum)
        code, stderr = await finished(process)
    finally:
        await fake.stop()
    assert code == 0
    assert "Traceback" not in stderr
