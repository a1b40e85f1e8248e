"""A teacher's roster: each student's personal return link, printable slips, key resets.

Students give a nickname only; the return link (``?learner=<id>.<key>``) is how
a student comes back on another day or device. The teacher sees every link,
can print them as slips to hand out, and can reset a key, which makes the old
link useless (a student who shared or lost it gets a new one).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

from quiz.records import Student, Teacher
from quiz.storage import Store
from quiz.usecases.teachers import own_class, own_student

LEARNER_PARAM = "learner"


@dataclass(frozen=True)
class ReturnLink:
    """One student's way back into the class quiz."""

    student: Student
    url: str


def return_link(student: Student, class_quiz_url: str) -> str:
    """The address that brings ``student`` back to the class quiz."""
    return f"{class_quiz_url}?{LEARNER_PARAM}={quote(student.link, safe='.')}"


def return_links(
    store: Store, teacher: Teacher, class_id: str, class_quiz_url: str
) -> list[ReturnLink]:
    """Every student of one of the teacher's classes with their link, by nickname."""
    own_class(store, teacher, class_id)
    students = sorted(store.students_in(class_id), key=lambda s: s.nickname.casefold())
    return [ReturnLink(s, return_link(s, class_quiz_url)) for s in students]


def reset_link(store: Store, teacher: Teacher, student_id: str) -> Student:
    """A new key for a student of one's own class; their old link stops working."""
    own_student(store, teacher, student_id)
    return store.reset_student_key(student_id)


def slips_html(class_name: str, code: str, links: list[ReturnLink]) -> str:
    """A printable page of cut-out slips, one per student (every value escaped)."""
    slips = "\n".join(
        '<div class="slip">'
        f"<p><strong>{html.escape(link.student.nickname)}</strong> · class "
        f"{html.escape(class_name)} (code {html.escape(code)})</p>"
        "<p>Your personal link to Spin Spotter. Keep it to yourself: it opens your "
        "answers.</p>"
        f"<p class=\"link\">{html.escape(link.url)}</p></div>"
        for link in links
    )
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Return links · {html.escape(class_name)}</title><style>"
        "body{font-family:sans-serif} .slip{border:1px dashed #444;padding:0.6em 1em;"
        "margin:0 0 0.8em;break-inside:avoid} .link{font-family:monospace;"
        "overflow-wrap:anywhere}</style></head><body>"
        f"<h1>Return links · {html.escape(class_name)}</h1>\n{slips}\n</body></html>\n"
    )
