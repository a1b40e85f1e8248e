"""``db check --database-url``: the schema version, every row validated, the references checked.

The database enforces what it can (keys, unique codes and nicknames, foreign
keys); this reads every row back through the app's records, checks that the
key columns agree with the document beside them, and checks what no foreign
key covers (an assignment's excerpts). Each problem names its table and row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from quiz.records import (
    Assignment,
    Attempt,
    Classroom,
    ExcerptDraft,
    StoredExcerpt,
    Student,
    Teacher,
    TeacherSession,
)
from quiz.store_pg import migrations
from quiz.store_pg.database import Database

# table: (record, key column, the columns that must equal the document's fields)
TABLES: dict[str, tuple[type[BaseModel], str, dict[str, str]]] = {
    "teachers": (Teacher, "id", {}),
    "teacher_sessions": (TeacherSession, "id", {"teacher_id": "teacher_id"}),
    "excerpts": (StoredExcerpt, "excerpt_id || '@' || version", {"content_hash": "content_hash"}),
    "drafts": (ExcerptDraft, "excerpt_id", {"author_id": "author_id"}),
    "classes": (Classroom, "id", {"teacher_id": "teacher_id", "code": "code"}),
    "students": (Student, "id", {"class_id": "class_id"}),
    "assignments": (Assignment, "id", {"class_id": "class_id"}),
    "attempts": (Attempt, "id", {"student_id": "student_id", "class_id": "class_id",
                                 "assignment_id": "assignment_id", "excerpt_id": "excerpt_id",
                                 "excerpt_version": "excerpt_version"}),
}  # fmt: skip
BATCH = 5000


@dataclass
class DatabaseReport:
    """What :func:`check` found: rows read and problems (each naming table and row)."""

    rows: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: Database) -> DatabaseReport:
    """Read and validate every row of the school in one consistent snapshot."""
    report = DatabaseReport()
    version, wanted = migrations.applied(db), migrations.latest()
    if version != wanted:
        report.problems.append(
            f"{db.where}: schema version {version}, this app needs {wanted}: run "
            "python -m quiz db migrate --database-url URL" if version < wanted else
            f"{db.where}: schema version {version} is newer than this app ({wanted}): "
            "upgrade the app"
        )  # fmt: skip
        return report
    with db.snapshot(), db.connection() as conn:
        for table, (model, key, columns) in TABLES.items():
            names = list(columns)
            query = f"SELECT {key}, doc::text{''.join(', ' + c for c in names)} FROM {table}"
            with conn.cursor(name=f"check_{table}") as cur:
                cur.execute(query.encode())
                while rows := cur.fetchmany(BATCH):
                    for row in rows:
                        report.rows += 1
                        _row(report, table, model, row, names, columns)
        with conn.cursor() as cur:
            cur.execute(
                "SELECT a.id, x.excerpt_id FROM assignments a, "
                "jsonb_array_elements_text(a.doc -> 'excerpt_ids') AS x(excerpt_id) "
                "WHERE NOT EXISTS (SELECT 1 FROM excerpts e WHERE e.excerpt_id = x.excerpt_id)"
            )
            report.problems += [f"{db.where}: assignments {a}: names unknown excerpt {e}"
                                for a, e in cur.fetchall()]  # fmt: skip
    report.problems = [p if p.startswith(db.where) else f"{db.where}: {p}"
                       for p in report.problems]  # fmt: skip
    return report


def _row(report: DatabaseReport, table: str, model: type[BaseModel], row: tuple[object, ...],
         names: list[str], columns: dict[str, str]) -> None:  # fmt: skip
    key, doc = row[0], str(row[1])
    try:
        record = model.model_validate_json(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        report.problems.append(f"{table} {key}: {where}: {first['msg']}")
        return
    for name, value in zip(names, row[2:], strict=True):
        held = getattr(record, columns[name])
        if held != value:
            report.problems.append(f"{table} {key}: column {name} is {value!r} but the "
                                   f"record says {held!r}")  # fmt: skip
