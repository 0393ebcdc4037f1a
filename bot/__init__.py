"""Afterview's platform-neutral core: advice, conversation, interviews and nudges.

Nothing in this package imports a chat platform's library; adapters plug in from outside.
"""
