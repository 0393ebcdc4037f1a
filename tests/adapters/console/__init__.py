"""Tests for the terminal chat."""
