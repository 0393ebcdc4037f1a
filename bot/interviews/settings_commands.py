"""The ``settings`` command: timezone, quiet hours and weekends, typed or as platform options.

Other features add keys (``settings nudges discord``) through `setting_handlers` and parts of
the settings panel through `settings_addons`, so the command stays one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.core.coach import Coach, Command
from bot.core.messages import Identity, Reply, Request
from bot.interviews.args import parse_span
from bot.interviews.replies import settings_reply, usage
from bot.interviews.service import Tracker
from bot.interviews.when.zones import closest_zone, find_zone
from bot.nudges.calendar import Preferences


class SettingsCommands:
    """Reads and changes a user's preferences through the `Tracker`."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self.setting_handlers: dict[str, Callable[[Identity, list[str]], Reply]] = {}
        """More `settings KEY ...` keys, from other features (``nudges``)."""
        self.settings_addons: list[Callable[[Identity], Reply]] = []
        """More parts of the settings panel (their sections and controls are appended)."""

    def install(self, coach: Coach) -> None:
        coach.register(
            Command(
                "settings",
                "settings [timezone ZONE | quiet HH:MM-HH:MM | quiet off | weekends on|off]",
                "your timezone, quiet hours and weekends",
                self.settings,
                aliases=("preferences", "prefs"),
            )
        )

    _SETTINGS_FIELDS = (
        ("timezone", "timezone"),
        ("quiet_hours", "quiet"),
        ("weekends", "weekends"),
        ("nudges", "nudges"),
    )
    """Typed options a platform may send (Discord's /settings) and the setting each one is."""

    def settings(self, request: Request, rest: str) -> Reply:
        who = request.who
        typed = [
            (key, request.fields[name])
            for name, key in self._SETTINGS_FIELDS
            if request.fields.get(name)
        ]
        if not typed:
            words = rest.split()
            if not words:
                current = self.tracker.preferences(who, request.tz_hint)
                return self._with_addons(who, settings_reply(current, "Your settings"))
            typed = [(words[0].lower(), " ".join(words[1:]))]
        headlines: list[str] = []
        prefs: Preferences | None = None
        for key, value in typed:
            if key in self.setting_handlers:
                return self.setting_handlers[key](who, value.split())
            changed = self._change_setting(who, key, value.split())
            if isinstance(changed, Reply):
                return changed
            prefs, headline = changed
            headlines.append(headline)
        assert prefs is not None
        return self._with_addons(who, settings_reply(prefs, "; ".join(headlines)))

    def _with_addons(self, who: Identity, reply: Reply) -> Reply:
        sections, controls = list(reply.sections), list(reply.controls)
        for addon in self.settings_addons:
            extra = addon(who)
            sections[-1:-1] = extra.sections  # before the "Change" hints
            controls += extra.controls
        return replace(reply, sections=tuple(sections), controls=tuple(controls))

    def _change_setting(
        self, who: Identity, key: str, args: list[str]
    ) -> tuple[Preferences, str] | Reply:
        """Apply one setting: the new preferences and a headline, or the usage reply."""
        if key in ("timezone", "tz", "zone"):
            typed = " ".join(args)
            zone = find_zone(typed) if typed else None
            if zone is None:
                guess = closest_zone(typed)
                examples = ("settings timezone Europe/Paris", "settings timezone New York")
                return usage(
                    f"“{typed[:60]}” is not a timezone I know. Did you mean {guess}?"
                    if guess
                    else f"“{typed[:60]}” is not a timezone I know. Use a city or an IANA name:"
                    if typed
                    else "Which timezone? Use a city or an IANA name:",
                    (f"settings timezone {guess}",) if guess else examples,
                )
            return self.tracker.set_timezone(who, zone), f"Timezone set to {zone.key}"
        if key in ("quiet", "quiet-hours"):
            if len(args) == 1 and args[0].lower() in ("off", "none", "no"):
                prefs = self.tracker.set_quiet(who, None, None)
                return prefs, "Quiet hours off: nudges may come at any hour"
            span = parse_span(" ".join(args))
            if span is None:
                return usage(
                    "Give quiet hours as start-end in your local time, or off:",
                    ("settings quiet 22:00-07:30", "settings quiet 10pm-7am", "settings quiet off"),
                )
            return self.tracker.set_quiet(who, *span), "Quiet hours updated"
        if key in ("weekends", "weekend"):
            value = args[0].lower() if len(args) == 1 else ""
            if value not in ("on", "off", "yes", "no", "true", "false"):
                return usage(
                    "Should nudges come at weekends? Say on or off:",
                    ("settings weekends on", "settings weekends off"),
                )
            return self.tracker.set_weekends(
                who, value in ("on", "yes", "true")
            ), "Weekends updated"
        return usage(
            "I can change your timezone, quiet hours and weekends:",
            (
                "settings timezone Europe/Paris",
                "settings quiet 22:00-07:30",
                "settings weekends on",
            ),
        )
