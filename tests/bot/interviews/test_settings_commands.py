"""The settings command: timezone, quiet hours and weekends, typed or as platform options."""

from __future__ import annotations

from bot.core.messages import Request
from bot.services import Services
from tests.bot.interviews.conversation import say
from tests.nudge_support import user


def test_settings_show_and_change_with_friendly_errors(services: Services) -> None:
    shown = say(services, "settings").plain()
    assert "Timezone: Europe/Paris" in shown
    assert "Quiet hours: 21:00–08:00" in shown
    assert (
        "Timezone: America/New_York" in say(services, "settings timezone America/New_York").plain()
    )
    bad = say(services, "settings timezone Mars/Olympus")
    assert "not a timezone I know" in bad.text
    assert "Europe/Paris" in bad.plain()
    assert "Quiet hours: 22:00–07:30" in say(services, "settings quiet 22:00-07:30").plain()
    assert "Quiet hours: off" in say(services, "settings quiet off").plain()
    assert "Weekends: on" in say(services, "settings weekends on").plain()
    assert say(services, "settings quiet 25:00-99").text.startswith("Give quiet hours")
    assert say(services, "settings weekends maybe").text.startswith("Should nudges")


def test_typed_settings_options_are_all_applied_in_one_reply(services: Services) -> None:
    fields = {"timezone": "Asia/Tokyo", "quiet_hours": "22:00-07:00", "weekends": "on"}
    reply = services.coach.handle(Request(who=user(), command="settings", fields=fields))
    shown = reply.plain()
    assert "Timezone set to Asia/Tokyo" in reply.text
    assert "Quiet hours updated" in reply.text
    assert "Weekends updated" in reply.text
    assert "Timezone: Asia/Tokyo" in shown
    assert "Quiet hours: 22:00–07:00" in shown
    assert "Weekends: on" in shown
    bad = {"timezone": "Mars/Olympus", "weekends": "off"}
    refused = services.coach.handle(Request(who=user(), command="settings", fields=bad))
    assert "not a timezone I know" in refused.text
