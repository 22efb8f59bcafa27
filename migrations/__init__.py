"""Alembic environment and revisions of the post schema.

A package so that it can be located when installed or frozen.
"""
