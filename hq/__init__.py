"""Checkpoint Desk's headquarters service: enrolment, push, pull, conflicts, bundles."""
