"""Fulcrum: a live workshop platform.

Kept import-free on purpose: `fulcrum serve` must patch the standard library
with gevent before Flask, SQLAlchemy or the socket stack are imported.
"""
