"""The Slack adapter (slack-bolt): commands, questions, private nudges and buttons."""

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime

__all__ = ["SlackConfig", "SlackRuntime"]
