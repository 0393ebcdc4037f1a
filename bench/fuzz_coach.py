"""Fuzz `Coach.handle` with 10,000 hostile commands, arguments and button values.

Prints how many requests were tried, how many got the generic "something went wrong" reply
(the target is 0: every input deserves a specific answer) and the first few that did. Runs on a
real SQLite file with the shipped rulebook and plan. `--examples N` changes the count.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.core.failures import GENERIC_FAILURE  # noqa: E402
from bot.core.messages import Identity, Request  # noqa: E402
from bot.services import Services  # noqa: E402
from tests.fuzz_inputs import requests  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000)
    examples = parser.parse_args().examples
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'fuzz.sqlite3'}"
        services = Services.build(Settings.from_env({"AFTERVIEW_DATABASE_URL": url}))
        tried: Counter[str] = Counter()
        generic: list[Request] = []

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.data())
        def one(data: st.DataObject) -> None:
            request = data.draw(requests(Identity("console", "fuzz", "u")))
            tried["requests"] += 1
            if services.coach.handle(request).text == GENERIC_FAILURE:
                generic.append(request)

        try:
            one()
        finally:
            services.close()
    print(f"requests tried:          {tried['requests']}")
    print(f"generic-error replies:   {len(generic)}")
    print(f"coach failures counted:  {services.coach.failures}")
    for request in generic[:5]:
        print(f"  e.g. {request!r}"[:300])


if __name__ == "__main__":
    main()
