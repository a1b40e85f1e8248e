"""Load a school's history straight into a PostgreSQL database with COPY.

Recording a million attempts one by one would take many minutes of commits;
COPY writes the same rows (the store's own columns and documents) in seconds.
Used by the PostgreSQL storage benchmark, as :mod:`bench.bulk` writes the
TinyDB backend's files; a change to the schema must change this module too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import psycopg

from bench.loadtest import sample_excerpt
from quiz.records import Classroom, StoredExcerpt, Student, Teacher, content_hash
from quiz.school_data import SchoolData
from quiz.store_pg import PostgresStore
from quiz.store_pg.transfer import load_school

Doc = dict[str, Any]
COLUMNS = ("id, student_id, class_id, assignment_id, excerpt_id, excerpt_version, mode, "
           "submitted_at, doc")  # fmt: skip


def load(store: PostgresStore, school: tuple[list[Teacher], list[Classroom], list[Student]],
         docs: Iterable[Doc]) -> int:  # fmt: skip
    """Write the school, the sample excerpt and every attempt document; how many attempts."""
    teachers, classes, students = school
    excerpt = sample_excerpt()
    stored = StoredExcerpt(excerpt=excerpt, version=1, content_hash=content_hash(excerpt))
    load_school(store, SchoolData(teachers=teachers, classes=classes, students=students,
                                  excerpts=[stored]))  # fmt: skip
    count = 0
    with psycopg.connect(store.url, autocommit=True) as conn:
        statement = f"COPY attempts ({COLUMNS}) FROM STDIN".encode()
        with conn.cursor() as cur, cur.copy(statement) as copy:
            for doc in docs:
                copy.write_row((doc["id"], doc["student_id"], doc["class_id"], doc["assignment_id"],
                                doc["excerpt_id"], doc["excerpt_version"], doc["mode"],
                                doc["submitted_at"], json.dumps(doc)))  # fmt: skip
                count += 1
        conn.execute("VACUUM ANALYZE")
    return count
