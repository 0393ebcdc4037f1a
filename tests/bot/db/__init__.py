"""Tests for bot.db."""
