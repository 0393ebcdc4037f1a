"""Discord adapter latency: ``/ask`` through our bot against a bare discord.py command.

Both clients run in this process, logged in to the same fake Discord on 127.0.0.1, and get
the same chat-input ``/ask`` payloads, one at a time and interleaved, fed to discord.py's
connection state as the gateway would. The figure is the time from handing discord.py the
payload to the interaction callback arriving at the fake. "ours" is the real adapter over the
real core (shipped rulebook, SQLite file) as it ships: `/ask` is answered from memory, so on
the event loop (except the request that reloads the unreachable marks, every 10 s);
"ours-thread" sends every core call through the worker thread (how it was before);
"adapter-only" is our adapter over a coach whose advisor returns one fixed answer (no
rulebook, no database): what the adapter itself costs; "bare" is a discord.py command that
only responds; "bare-same" a discord.py command that sends the very reply "ours" sends (the
same embed and buttons, built from plain values on each call), so that ours ÷ bare-same is
what the adapter and the core add to a reply of that size. "core" is `Coach.handle` alone,
timed in-process.

    .venv/bin/python bench/bench_discord.py [--interactions 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
from discord import app_commands  # noqa: E402

from adapters.discord.client import AfterviewClient  # noqa: E402
from adapters.discord.config import DiscordConfig  # noqa: E402
from adapters.discord.endpoints import use_endpoints  # noqa: E402
from adapters.discord.render import render  # noqa: E402
from adapters.discord.responder import Responder  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.coach import Coach  # noqa: E402
from bot.core.messages import Advice, Identity, Reply, Request, Verdict  # noqa: E402
from bot.heap import settle_after_start  # noqa: E402
from bot.services import Services  # noqa: E402
from tests.adapters.discord import events  # noqa: E402
from tests.adapters.discord.fake_discord import FakeDiscord  # noqa: E402

QUESTIONS = (
    "is it okay to add my interviewer on LinkedIn?",
    "should I send a thank-you note the same day?",
    "can I call the recruiter every day to ask for news?",
    "is it okay to send flowers to the interviewer?",
)
WARM_UP = 50
_T = TypeVar("_T")


class FixedAnswer:
    """One canned answer, so that "adapter-only" measures the adapter, not the rulebook."""

    in_memory = True

    def advise(self, question: str) -> Advice:
        return Advice(question, Verdict.OK, "fixed", "Because.", "Go ahead.", 1.0, title="Yes")


class ThreadedResponder(Responder):
    """Every core call on the worker thread, even those answered from memory."""

    def _run(
        self, work: Callable[[_T], Reply], arg: _T, *, inline: bool = False
    ) -> asyncio.Future[Reply]:
        return super()._run(work, arg, inline=False)


Message = tuple[str, str | None, int, tuple[tuple[str, str, int], ...]]
"""A reply as plain values: title, description, colour and its buttons (label, id, style)."""


def as_message(rendered: Any) -> Message:
    """What our bot sends for a question, as values a bare bot could hold."""
    embed = rendered.embed
    buttons: list[tuple[str, str, int]] = []
    if rendered.view is not None:
        for item in rendered.view.children:
            if isinstance(item, discord.ui.Button):
                buttons.append((str(item.label), str(item.custom_id), int(item.style.value)))
    return (str(embed.title), embed.description, int(embed.colour.value), tuple(buttons))


def bare_same_client(messages: dict[str, Message]) -> discord.Client:
    """discord.py with one /ask command that sends the reply our bot sends (the same embed and
    buttons, built from plain values on each call): the floor for a reply of that size."""
    client = discord.Client(
        intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none()
    )
    tree = app_commands.CommandTree(client)

    @tree.command(name="ask", description="ask")
    async def ask(interaction: discord.Interaction[Any], question: str) -> None:
        title, description, colour, buttons = messages[question]
        embed = discord.Embed(title=title, description=description, colour=colour)
        view = discord.ui.View(timeout=None)
        for label, custom_id, style in buttons:
            view.add_item(
                discord.ui.Button(
                    label=label, custom_id=custom_id, style=discord.ButtonStyle(style)
                )
            )
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    return client


def bare_client() -> discord.Client:
    """discord.py with one /ask command that answers at once: the floor we compare against."""
    client = discord.Client(
        intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none()
    )
    tree = app_commands.CommandTree(client)

    @tree.command(name="ask", description="ask")
    async def ask(interaction: discord.Interaction[Any], question: str) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    return client


async def one(fake: FakeDiscord, client: discord.Client, question: str) -> float:
    payload = events.interaction(fake, "command_ask_guild.json", options={"question": question})
    arrived = fake.expect(events.callback_path(payload))
    start = time.perf_counter()
    client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
    record = await asyncio.wait_for(arrived, 10)
    if record.status != 200:
        raise RuntimeError(f"callback answered {record.status}: {record.body}")
    return (record.at - start) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(count: int) -> None:
    fake = FakeDiscord()
    await fake.start()
    use_endpoints(DiscordConfig(token="bench", api_url=fake.api_url))
    with tempfile.TemporaryDirectory() as folder:
        env = {"AFTERVIEW_DATABASE_URL": f"sqlite:///{folder}/bench.db"}
        services = Services.build(Settings.from_env(env))
        who = Identity("discord", "discord", "1")
        messages = {
            q: as_message(render(services.coach.handle(Request(who=who, text=q, command="ask"))))
            for q in QUESTIONS
        }
        clients: dict[str, discord.Client] = {
            "bare": bare_client(),
            "bare-same": bare_same_client(messages),
        }
        variants = (
            ("ours", Responder(services.coach)),
            ("ours-thread", ThreadedResponder(services.coach)),
            ("adapter-only", Responder(Coach(FixedAnswer()))),
        )
        for name, responder in variants:
            ours = AfterviewClient()
            ours.afterview = responder
            clients[name] = ours
        for client in clients.values():
            await client.login("bench")
        settle_after_start()  # as `afterview serve` does: start-up's heap is never collected again
        times: dict[str, list[float]] = {name: [] for name in (*clients, "core")}
        try:
            for i in range(WARM_UP + count):
                # Each bot gets a different question from the one asked just before it: the
                # advisor keeps the last question's reading, and the same question asked again
                # at once would be answered from it (a figure too low for a real /ask).
                for k, (name, client) in enumerate(clients.items()):
                    took = await one(fake, client, QUESTIONS[(i + k) % len(QUESTIONS)])
                    if i >= WARM_UP:
                        times[name].append(took)
                question = QUESTIONS[(i + len(clients)) % len(QUESTIONS)]
                start = time.perf_counter()
                services.coach.handle(Request(who=who, text=question, command="ask"))
                if i >= WARM_UP:
                    times["core"].append((time.perf_counter() - start) * 1000)
        finally:
            for client in clients.values():
                await client.close()
            services.close()
            await fake.stop()
    print(f"/ask interactions: {count} per bot, one at a time, interleaved ({WARM_UP} warm-up)")
    print(f"{'bot':<12} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in times.items():
        print(
            f"{name:<12} {percentile(values, 0.5):8.2f} {percentile(values, 0.99):8.2f}"
            f" {statistics.fmean(values):8.2f}"
        )
    bare99 = percentile(times["bare"], 0.99)
    bare50 = percentile(times["bare"], 0.5)
    for name in ("ours", "ours-thread", "adapter-only", "bare-same"):
        print(
            f"{name} / bare: p50 {percentile(times[name], 0.5) / bare50:.2f}x,"
            f" p99 {percentile(times[name], 0.99) / bare99:.2f}x (aim: p99 within 1.25x)"
        )
    same99 = percentile(times["bare-same"], 0.99)
    same50 = percentile(times["bare-same"], 0.5)
    print(
        f"ours / bare-same (the same reply sent by discord.py alone): p50"
        f" {percentile(times['ours'], 0.5) / same50:.2f}x,"
        f" p99 {percentile(times['ours'], 0.99) / same99:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(run(args.interactions))


if __name__ == "__main__":
    main()
