"""Alembic migrations, shipped inside the package and run at start (see `bot.db.migrate`)."""
