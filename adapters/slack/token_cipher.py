"""Optional encryption at rest of stored Slack tokens (``AFTERVIEW_SECRET_KEY``, Fernet).

Off by default. With a key, every token field of an installation record is stored as
``fernet:<token>``; records written before the key was set still load, and are encrypted the
next time they are saved. Losing the key means reinstalling the app in each workspace.
Generate a key with ``python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

ENV = "AFTERVIEW_SECRET_KEY"
PREFIX = "fernet:"
TOKEN_FIELDS = ("bot_token", "user_token", "bot_refresh_token", "user_refresh_token")


class TokenKeyError(ValueError):
    """The key is malformed, or a stored token cannot be read with it."""


class TokenCipher:
    def __init__(self, key: str | None) -> None:
        try:
            self._fernet = Fernet(key.encode()) if key else None
        except ValueError as error:
            raise TokenKeyError(
                f"{ENV} is not a Fernet key (32 url-safe base64-encoded bytes)"
            ) from error

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> TokenCipher:
        return cls(environ.get(ENV) or None)

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def seal(self, record: Mapping[str, Any]) -> dict[str, Any]:
        data = dict(record)
        if self._fernet is None:
            return data
        for name in TOKEN_FIELDS:
            value = data.get(name)
            if isinstance(value, str) and value and not value.startswith(PREFIX):
                data[name] = PREFIX + self._fernet.encrypt(value.encode()).decode()
        return data

    def open(self, record: Mapping[str, Any]) -> dict[str, Any]:
        data = dict(record)
        for name in TOKEN_FIELDS:
            value = data.get(name)
            if not (isinstance(value, str) and value.startswith(PREFIX)):
                continue
            if self._fernet is None:
                raise TokenKeyError(f"stored Slack tokens are encrypted: set {ENV}")
            try:
                data[name] = self._fernet.decrypt(value.removeprefix(PREFIX).encode()).decode()
            except InvalidToken as error:
                raise TokenKeyError(f"{ENV} does not decrypt the stored Slack tokens") from error
        return data
