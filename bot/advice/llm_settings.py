"""Settings of the optional language-model mode, read from the environment.

Kept apart from the client so that reading the configuration costs no imports: the default
install answers from the rulebook alone and never loads an HTTP client for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ENV_URL = "AFTERVIEW_LLM_URL"
ENV_MODEL = "AFTERVIEW_LLM_MODEL"
ENV_KEY = "AFTERVIEW_LLM_API_KEY"
ENV_TIMEOUT = "AFTERVIEW_LLM_TIMEOUT"
DEFAULT_TIMEOUT = 4.0


class LlmSettingsError(ValueError):
    """A language-model setting is wrong; the message names the variable."""


@dataclass(frozen=True, slots=True)
class LlmSettings:
    """Where the OpenAI-compatible chat-completions endpoint is, and how long to wait."""

    url: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        """The chat-completions URL: the base as given (``http://host:11434/v1``) plus the path,
        unless the setting already names it."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LlmSettings | None:
        """The mode's settings, or None when `AFTERVIEW_LLM_URL` is unset (the mode is off)."""
        url = env.get(ENV_URL, "").strip()
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise LlmSettingsError(f"{ENV_URL}={url!r} must start with http:// or https://")
        model = env.get(ENV_MODEL, "").strip()
        if not model:
            raise LlmSettingsError(f"{ENV_MODEL} must name the model when {ENV_URL} is set")
        raw_timeout = env.get(ENV_TIMEOUT, "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            raise LlmSettingsError(f"{ENV_TIMEOUT}={raw_timeout!r} is not a number") from None
        if not 0 < timeout <= 60:
            raise LlmSettingsError(f"{ENV_TIMEOUT} must be between 0 and 60 seconds")
        return cls(url, model, env.get(ENV_KEY) or None, timeout)
