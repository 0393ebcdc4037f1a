"""The database: typed models, engine set-up and migrations run at start."""

from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade

__all__ = ["make_engine", "make_sessions", "upgrade"]
