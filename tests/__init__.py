"""Tests for Afterview, mirroring the packages."""
