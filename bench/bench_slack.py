"""Slack adapter latency: signed ``/interviewed`` requests, ours against a bare slack-bolt app.

Every app runs in its own process on 127.0.0.1, and so does a fake Slack (Web API and
``response_url``), as the real Slack would be elsewhere. This process sends the same 1,000
signed slash commands to each app, 20 at a time, and times each until its HTTP response (the
ack Slack waits for). It also times, for our apps, until the reply itself arrived: in the ack,
or later at the ``response_url``.

- ``bare``: slack-bolt whose handler only acks.
- ``ours``: the real adapter over the real core (SQLite file, shipped rulebook and plan); each
  request registers an interview.
- ``ours-inline``: the same, calling the core on the event loop instead of worker threads.
- ``ours-light``: the adapter over a core without interview commands (a cheap "unknown command"
  reply), to show the adapter's own cost apart from the core's.

    .venv/bin/python bench/bench_slack.py [--requests 1000] [--concurrency 20] [--apps bare,ours]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
APPS = ("bare", "ours", "ours-inline", "ours-light")


# -- the server side (child processes) --------------------------------------------------------


async def serve_fake() -> None:
    from tests.adapters.slack.fake_slack import FakeSlack

    fake = FakeSlack()
    await fake.start()
    print(f"FAKE {fake.api_url} {fake.response_url('bench')}", flush=True)
    await asyncio.Event().wait()


async def serve_app(variant: str, api_url: str, workdir: Path) -> None:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.ack.async_ack import AsyncAck

    from adapters.slack.app import build_app, http_app
    from adapters.slack.config import SlackConfig
    from adapters.slack.notifier import web_client
    from bot.config import Settings
    from bot.core.coach import Coach
    from bot.core.ports import Core
    from bot.heap import settle_after_start
    from bot.services import Services

    if variant == "bare":
        app = AsyncApp(signing_secret=SECRET, client=web_client(api_url, TOKEN))

        @app.command("/interviewed")
        async def only_ack(ack: AsyncAck) -> None:
            await ack()

        application = app.web_app()
    else:
        settings = Settings.from_env(
            {"AFTERVIEW_DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
        )
        services = await asyncio.to_thread(Services.build, settings)
        coach = services.coach if variant != "ours-light" else Coach(services.coach.advisor)
        config = SlackConfig(
            signing_secret=SECRET, bot_token=TOKEN, api_url=api_url, host="127.0.0.1", port=0
        )
        session = aiohttp.ClientSession()  # as SlackRuntime does: one for every call out
        built = build_app(config, Core(coach, services.state), session)
        built.handlers.offload = variant != "ours-inline"
        application = http_app(built, config)
    settle_after_start()  # as `afterview serve` does: start-up's heap is never collected again
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(f"PORT {runner.addresses[0][1]}", flush=True)
    await asyncio.Event().wait()


# -- the load side ----------------------------------------------------------------------------


def signed(text: str, user: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    from slack_sdk.signature import SignatureVerifier

    body = urlencode(
        {
            "token": "unused",
            "team_id": "T0BENCH01",
            "team_domain": "bench",
            "channel_id": "C0BENCH01",
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/interviewed",
            "text": text,
            "api_app_id": "A0AFTERVW",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )
    ts = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body) or ""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }
    return body.encode(), headers


class ReplySink:
    """Stands in for Slack's response_url: records when each request's reply arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.changed = asyncio.Event()
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/response/{key}", self._reply)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _reply(self, request: web.Request) -> web.Response:
        await request.read()
        self.arrived[request.match_info["key"]] = time.perf_counter()
        self.changed.set()
        return web.Response(text="ok")


@dataclasses.dataclass
class Figures:
    acks: list[float]
    replies: list[float]
    in_ack: int
    missing: int
    cpu_ms: float = 0.0
    """The app process's CPU time (user + system) per request during the flood."""


async def load(
    port: int, requests: int, concurrency: int, first: int, *, replies_expected: bool
) -> Figures:
    """Send the requests; time each ack, and each reply (in the ack or at the response_url)."""
    sink = ReplySink()
    await sink.start()
    url = f"http://127.0.0.1:{port}/slack/events"
    bodies = [
        signed(
            f"Company{first + i} tomorrow 10:00 with Dana Lee",
            f"U{i % 50:08d}",
            f"http://127.0.0.1:{sink.port}/response/{i}",
        )
        for i in range(requests)
    ]
    gate = asyncio.Semaphore(concurrency)
    started: dict[str, float] = {}
    acks: list[float] = []
    replies: dict[str, float] = {}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(key: str, body: bytes, headers: dict[str, str]) -> None:
            async with gate:
                start = started[key] = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    text = await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"HTTP {response.status}")
                acks.append(time.perf_counter() - start)
                if text:
                    replies[key] = acks[-1]

        await asyncio.gather(*(one(str(i), b, h) for i, (b, h) in enumerate(bodies)))
    in_ack = len(replies)
    deadline = time.perf_counter() + (60 if replies_expected else 0)
    while len(replies) + len(sink.arrived) < requests and time.perf_counter() < deadline:
        sink.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(sink.changed.wait(), deadline - time.perf_counter())
    await sink.stop()
    for key, at in sink.arrived.items():
        replies[key] = at - started[key]
    return Figures(acks, list(replies.values()), in_ack, requests - len(replies))


def spawn(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    child = subprocess.Popen(  # started before any timing
        [sys.executable, __file__, *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line.strip():
        child.terminate()
        raise RuntimeError(f"{args} did not start")
    return child, line.split()


def stop(child: subprocess.Popen[str]) -> None:
    child.terminate()
    child.wait(timeout=10)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def main(requests: int, concurrency: int, rounds: int, apps: tuple[str, ...] = APPS) -> None:
    print(
        f"{requests} signed /interviewed requests, {concurrency} at a time, per app; "
        f"{rounds} round(s), apps taking turns (the machine is shared, so figures vary)"
    )
    fake, (_, api_url, _response_url) = spawn("--serve-fake")
    results: dict[str, list[Figures]] = {variant: [] for variant in apps}
    try:
        for _ in range(rounds):
            for variant in apps:
                results[variant].append(run_one(variant, api_url, requests, concurrency))
    finally:
        stop(fake)
    print("time to the HTTP response (the ack Slack waits for), each round:")
    print(f"{'app':<12} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'max ms':>8} cpu ms/req")
    for variant, figures in results.items():
        for one in figures:
            print(f"{variant:<12} {row(one.acks)} {one.cpu_ms:10.2f}")
    print("ratio to bare, median over rounds of the per-round ratio:")
    for variant in apps[1:]:
        p50 = statistics.median(
            ratio(o, b, 0.50) for o, b in zip(results[variant], results["bare"], strict=True)
        )
        p99 = statistics.median(
            ratio(o, b, 0.99) for o, b in zip(results[variant], results["bare"], strict=True)
        )
        print(f"{variant:<12} p50 x{p50:.2f}  p99 x{p99:.2f}  (aim: p99 within x1.25)")
    print("time to the reply itself (in the ack, or at the response_url), each round:")
    print(f"{'app':<12} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'max ms':>8} in-ack missing")
    for variant in apps[1:]:
        for one in results[variant]:
            print(f"{variant:<12} {row(one.replies)} {one.in_ack:6d} {one.missing:7d}")


def run_one(variant: str, api_url: str, requests: int, concurrency: int) -> Figures:
    with tempfile.TemporaryDirectory() as workdir:
        child, (_, port) = spawn("--serve", variant, "--api-url", api_url, "--workdir", workdir)
        try:
            replies = variant != "bare"  # the bare app only acks
            asyncio.run(
                load(int(port), concurrency * 2, concurrency, 10**7, replies_expected=replies)
            )
            before = cpu_seconds(child.pid)
            figures = asyncio.run(
                load(int(port), requests, concurrency, 0, replies_expected=replies)
            )
            used = cpu_seconds(child.pid) - before
            return dataclasses.replace(figures, cpu_ms=used * 1000 / requests)
        finally:
            stop(child)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far, from /proc (Linux); 0 where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ratio(ours: Figures, bare: Figures, share: float) -> float:
    return percentile(ours.acks, share) / percentile(bare.acks, share)


def row(timings: list[float]) -> str:
    if not timings:
        return f"{'-':>8} {'-':>8} {'-':>8} {'-':>8}"
    return (
        f"{percentile(timings, 0.50) * 1000:8.1f} {percentile(timings, 0.99) * 1000:8.1f} "
        f"{statistics.fmean(timings) * 1000:8.1f} {max(timings) * 1000:8.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--apps", default=",".join(APPS), help="comma-separated, bare first (the ratios' base)"
    )
    parser.add_argument("--serve", choices=APPS, help=argparse.SUPPRESS)
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.serve_fake:
        asyncio.run(serve_fake())
    elif args.serve:
        asyncio.run(serve_app(args.serve, args.api_url, args.workdir))
    else:
        chosen = tuple(a for a in args.apps.split(",") if a)
        if not chosen or chosen[0] != "bare" or not set(chosen) <= set(APPS):
            parser.error(f"--apps: bare first, then any of {', '.join(APPS[1:])}")
        main(args.requests, args.concurrency, args.rounds, chosen)
