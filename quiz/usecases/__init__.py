"""The use cases: one function per thing a person does in the app.

Pages and the command line call these and nothing below them for a change of
state: answer an excerpt, join a class, sign in, set an assignment, save an
excerpt, delete a student. Each takes the :class:`~quiz.storage.Store` it works
on; read-modify-write happens here or in the store, never in a page.

A use case that cannot do what was asked raises :class:`Refused` with a
sentence for the person (no internals, no traceback).
"""

from __future__ import annotations


class Refused(Exception):
    """What was asked cannot be done; the message says why, in plain words."""
