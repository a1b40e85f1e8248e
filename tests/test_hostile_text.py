"""Hostile text on every page: stored and typed strings are shown as text, never as Markdown.

Two guards. The source check reads every page and ``quiz/ui`` module and fails
when a call that renders Markdown (``st.markdown``, captions, alerts, headings,
labels, expanders, metrics, radio options, help texts) is given a value that is
not passed through ``md()`` and is not plainly safe (a number, an enum's label,
a constant). The AppTest run seeds a real data folder with a hostile excerpt
title, source and explanations, class name, assignment title, nickname and
teacher name, renders every learner and teacher page, and checks every
Markdown body the pages sent: no link, image, colour directive or HTML from the
hostile input, no bare web address Streamlit would turn into a link, and the
hostile text itself shown (so the check cannot pass by showing nothing).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from streamlit.testing.v1 import AppTest

from quiz.auth import hash_password
from quiz.content import build_excerpt
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt, Figures
from quiz.store import open_store
from quiz.text import tokenize
from quiz.ui.text import CUT, md
from tests.hostile import (
    ASSIGNMENT,
    CLASS_NAME,
    EVIDENCE,
    EXCERPT_ID,
    EXPLANATION,
    NEUTRAL,
    NICKNAME,
    SOURCE,
    TEACHER,
    TITLE,
    hostile_entry,
)
from tests.pages import gold_tokens, mark, sign_in_teacher, start

ROOT = Path(__file__).resolve().parent.parent

# --- the source check ------------------------------------------------------------------

BODY_CALLS = {"markdown", "caption", "success", "error", "info", "warning", "title", "header",
              "subheader", "toast", "expander", "popover", "write", "badge"}
LABEL_CALLS = {"button", "download_button", "form_submit_button", "link_button", "checkbox",
               "toggle", "radio", "selectbox", "multiselect", "select_slider", "slider",
               "text_input", "text_area", "number_input", "date_input", "time_input",
               "file_uploader", "color_picker", "pills", "segmented_control", "tabs"}
MARKDOWN_OPTIONS = {"radio", "pills", "segmented_control"}  # their options render Markdown
# Built-in functions that return numbers; md() and html.escape are the escapes.
NUMBER_CALLS = {"len", "int", "float", "round", "sum", "min", "max", "abs"}
TEXT_METHODS = {"lower", "upper", "capitalize", "title", "strip", "lstrip", "rstrip", "replace"}
# Attributes that hold the app's own words: an enum's labels, a guide's sentences...
ENUMS = {"category", "c", "genre", "leaning", "status", "Category", "Genre", "Leaning"}
WORDS_OF = {"label": ENUMS, "plural_label": ENUMS, "plural": ENUMS, "short": ENUMS,
            "with_article": ENUMS, "meaning": {"guide"}, "example": {"guide"},
            "instruction": {"guide"}}
# ...and attributes that hold numbers or a join code (of a fixed alphabet), whatever holds them.
SAFE_ATTRS = {"code", "difficulty", "students", "attempts", "streak_days", "version", "score"}
NOT_STREAMLIT = {"logger", "logging", "log", "re", "parser", "warnings"}

Env = dict[str, tuple[ast.expr, "Source", "Env"]]
"""A called function's parameters: the argument, the caller's module, the caller's env."""


class Source:
    """One module: its functions, imports and assignments, to follow a value back to its origin."""

    _cache: ClassVar[dict[Path, Source]] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.functions = {
            n.name: n for n in self.tree.body if isinstance(n, ast.FunctionDef)
        }
        self.imported: dict[str, str] = {}  # local name -> dotted module (or module.function)
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = alias.name
        self.scope_of: dict[ast.AST, ast.AST] = {}  # every node -> its function (or module)
        self._scopes(self.tree, self.tree)
        # name -> (scope, line, value); constant key -> values, for ``x["key"] = value``
        self.names: dict[str, list[tuple[ast.AST, int, ast.expr]]] = {}
        self.keys: dict[object, list[ast.expr]] = {}
        for node in ast.walk(self.tree):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) and node.value else [])
            value = getattr(node, "value", None)
            if not isinstance(value, ast.expr):
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    entry = (self.scope_of[node], node.lineno, value)
                    self.names.setdefault(target.id, []).append(entry)
                elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                    self.keys.setdefault(target.slice.value, []).append(value)

    @classmethod
    def of(cls, path: Path) -> Source:
        if path not in cls._cache:
            cls._cache[path] = cls(path)
        return cls._cache[path]

    def _scopes(self, node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.scope_of[child] = scope
            inner = child if isinstance(child, ast.FunctionDef | ast.Lambda) else scope
            self._scopes(child, inner)

    def values_of(self, name: ast.Name) -> list[ast.expr]:
        """Every value assigned to ``name`` above its use, in its function (else the module)."""
        scope = self.scope_of.get(name, self.tree)
        entries = self.names.get(name.id, [])
        local = [v for where, line, v in entries if where is scope and line < name.lineno]
        return local or [v for where, _, v in entries if where is self.tree]

    def stored_under(self, key: object) -> list[ast.expr]:
        """Every value the module stores under ``key`` (``state["key"] = value``)."""
        return self.keys.get(key, [])

    def function(self, func: ast.expr) -> tuple[ast.FunctionDef, Source] | None:
        """The project function a call names (``f``, ``module.f``, an imported ``f``)."""
        dotted = None
        if isinstance(func, ast.Name):
            if func.id in self.functions:
                return self.functions[func.id], self
            dotted = self.imported.get(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            module = self.imported.get(func.value.id)
            dotted = f"{module}.{func.attr}" if module else None
        if dotted is None:
            return None
        module_name, _, name = dotted.rpartition(".")
        for candidate in (ROOT / module_name.replace(".", "/")).with_suffix(".py"), (
            ROOT / module_name.replace(".", "/") / "__init__.py"
        ):
            if candidate.is_file() and name in Source.of(candidate).functions:
                other = Source.of(candidate)
                return other.functions[name], other
        return None


def safe(expr: ast.expr | None, src: Source, wrapper: str = "md", env: Env | None = None,
         depth: int = 0) -> bool:
    """Whether ``expr`` can only hold text that shows as itself (``wrapper`` escapes)."""
    if expr is None or depth > 30:
        return False
    env = env or {}

    def ok(e: ast.expr | None) -> bool:
        return safe(e, src, wrapper, env, depth + 1)

    match expr:
        case ast.Constant():
            return True
        case ast.JoinedStr(values=values):
            return all(ok(v) for v in values)
        case ast.FormattedValue(value=value, format_spec=spec):
            return ok(value) or _numeric_spec(spec)
        case ast.Call(func=ast.Name(id=name)) if name in NUMBER_CALLS | {wrapper}:
            return True
        case ast.Call(func=ast.Attribute(value=ast.Name(id=module), attr=attr)) if (
            f"{module}.{attr}" == wrapper
        ):
            return True
        case ast.Call(func=ast.Name(id="list" | "sorted" | "tuple"), args=[arg]):
            return ok(arg)
        case ast.Call(func=ast.Attribute(value=ast.Constant(), attr="join"), args=[arg]):
            return ok(arg)
        case ast.Call(func=ast.Attribute(value=ast.Dict(values=values), attr="get"), args=args):
            return all(ok(v) for v in [*values, *args[1:]])
        case ast.Call(func=ast.Attribute(value=owner, attr=attr), args=args) if (
            attr in TEXT_METHODS
        ):
            return ok(owner) and all(ok(a) for a in args)
        case ast.Call(func=func, args=args, keywords=keywords) if src.function(func):
            found = src.function(func)
            assert found is not None
            return _returns_safe(*found, args, keywords, (src, env), wrapper, depth)
        case ast.BinOp(left=left, op=ast.Add() | ast.Mult() | ast.Sub(), right=right) if any(
            isinstance(side, ast.Constant) and isinstance(side.value, int | float)
            for side in (left, right)
        ):
            return True  # arithmetic: a number
        case ast.BinOp(left=left, right=right):
            return ok(left) and ok(right)
        case ast.IfExp(body=body, orelse=orelse):
            return ok(body) and ok(orelse)
        case ast.BoolOp(values=values):
            return all(ok(v) for v in values)
        case ast.Name(id=name) if name in env:
            arg, caller, caller_env = env[name]
            return safe(arg, caller, wrapper, caller_env, depth + 1)
        case ast.Name(id=name):
            values = src.values_of(expr)
            if name.isupper() or values:
                return name.isupper() or all(ok(v) for v in values)
            return _parameter_safe(expr, src, wrapper, depth)
        case ast.Attribute() | ast.Subscript() if _root_name(expr).isupper():
            return True  # part of a module constant: the app's own words
        case ast.Call(func=ast.Attribute(value=owner, attr="get"), args=args) if (
            _root_name(owner).isupper()
        ):
            return all(ok(a) for a in args[1:])  # CONSTANT.get(key, default)
        case ast.Attribute(value=owner, attr=attr) if attr in WORDS_OF:
            return _last_name(owner) in WORDS_OF[attr]
        case ast.Attribute(attr=attr):
            return attr in SAFE_ATTRS
        case ast.Subscript(value=ast.Dict(values=values)):
            return all(ok(v) for v in values)
        case ast.Subscript(slice=ast.Constant(value=key)):
            stored = src.stored_under(key)
            return bool(stored) and all(ok(v) for v in stored)
        case ast.Dict(keys=keys):
            return all(ok(k) for k in keys)
        case ast.DictComp(key=key):
            return ok(key)
        case ast.List(elts=elts) | ast.Tuple(elts=elts) | ast.Set(elts=elts):
            return all(ok(e) for e in elts)
        case ast.ListComp(elt=elt) | ast.GeneratorExp(elt=elt) | ast.SetComp(elt=elt):
            return ok(elt)
        case ast.Lambda(body=body):
            return ok(body)
    return False


def _returns_safe(
    function: ast.FunctionDef, where: Source, args: list[ast.expr], keywords: list[ast.keyword],
    caller: tuple[Source, Env], wrapper: str, depth: int,
) -> bool:
    """Whether a project function returns a number, or text that is safe for these arguments."""
    returns = ast.unparse(function.returns) if function.returns else ""
    if returns in {"int", "float", "bool", "int | None", "float | None"}:
        return True  # a number, by its signature
    params = [*function.args.posonlyargs, *function.args.args]
    env: Env = {}
    for param, arg in zip(params, args, strict=False):
        env[param.arg] = (arg, *caller)
    for keyword in keywords:
        if keyword.arg:
            env[keyword.arg] = (keyword.value, *caller)
    results = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
    return bool(results) and all(safe(r, where, wrapper, env, depth + 1) for r in results)


def _parameter_safe(name: ast.Name, src: Source, wrapper: str, depth: int) -> bool:
    """A parameter of a page function is safe when every call passes something safe."""
    function = src.scope_of.get(name)
    if not isinstance(function, ast.FunctionDef):
        return False
    params = [*function.args.posonlyargs, *function.args.args]
    names = [p.arg for p in params]
    if name.id not in names:
        return False
    position = names.index(name.id)
    defaults = dict(zip(names[len(names) - len(function.args.defaults):], function.args.defaults,
                        strict=True))
    calls = calls_of(function, src)
    for call, caller in calls:
        given = {k.arg: k.value for k in call.keywords if k.arg}
        arg = call.args[position] if position < len(call.args) else given.get(name.id)
        if arg is None:
            arg, caller = defaults.get(name.id), src
        if not safe(arg, caller, wrapper, None, depth + 1):
            return False
    return bool(calls)


def calls_of(function: ast.FunctionDef, home: Source) -> list[tuple[ast.Call, Source]]:
    """Every call of a function of ``home`` from ``home``, the pages and quiz/ui."""
    found = []
    for path in dict.fromkeys([home.path, *PAGE_SOURCES]):
        src = Source.of(path)
        for node in ast.walk(src.tree):
            if isinstance(node, ast.Call):
                target = src.function(node.func)
                if target is not None and target[0] is function:
                    found.append((node, src))
    return found


def _root_name(expr: ast.expr) -> str:
    """``MARKS`` for ``MARKS[x].icon``: the name an attribute or item chain starts from."""
    while isinstance(expr, ast.Attribute | ast.Subscript):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else ""


def _last_name(expr: ast.expr) -> str:
    """``category`` for ``category``, ``row.category`` and ``Category(v)``."""
    match expr:
        case ast.Name(id=name) | ast.Attribute(attr=name) | ast.Call(func=ast.Name(id=name)):
            return name
    return ""


def _numeric_spec(spec: ast.expr | None) -> bool:
    """A format spec for a number or a date (``.0f``, ``.0%``, ``%d %b %Y``), not for text."""
    if not isinstance(spec, ast.JoinedStr) or not spec.values:
        return False
    text = "".join(v.value for v in spec.values if isinstance(v, ast.Constant))
    return "%" in text or text[-1:] in set("deEfFgGn")


def rendered_arguments(call: ast.Call) -> Iterator[tuple[str, ast.expr, str]]:
    """The arguments of ``call`` that Streamlit renders as Markdown (or HTML), if any."""
    func = call.func
    if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and (
        func.func.id == "getattr"
    ):  # getattr(st, kind)(body): an alert chosen at run time
        yield from (("body", a, "md") for a in call.args[:1])
        return
    if not isinstance(func, ast.Attribute):
        return
    if isinstance(func.value, ast.Name) and func.value.id in NOT_STREAMLIT:
        return
    name = func.attr
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if name == "html":
        yield from (("html", a, "html.escape") for a in call.args[:1])
        return
    if name in BODY_CALLS or name in LABEL_CALLS:
        yield from ((f"{name} label", a, "md") for a in call.args[:1])
        for key in ("body", "label"):
            if key in keywords:
                yield f"{name} {key}", keywords[key], "md"
    elif name == "metric":
        yield from (("metric", a, "md") for a in call.args[:3])
        for key in ("label", "value", "delta"):
            if key in keywords:
                yield f"metric {key}", keywords[key], "md"
    elif name == "page_link" and "label" in keywords:
        yield "page_link label", keywords["label"], "md"
    else:
        return
    if "help" in keywords:
        yield f"{name} help", keywords["help"], "md"
    if name in MARKDOWN_OPTIONS:
        if "format_func" in keywords:
            yield f"{name} format_func", keywords["format_func"], "md"
        else:
            options = call.args[1] if len(call.args) > 1 else keywords.get("options")
            if options is not None:
                yield f"{name} options", options, "md"


def unescaped_calls(path: Path) -> list[str]:
    """``file:line: what`` for every Markdown-rendering argument not known to be safe."""
    src = Source.of(path)
    found = []
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Call):
            for what, arg, wrapper in rendered_arguments(node):
                if not safe(arg, src, wrapper):
                    found.append(f"{path.name}:{arg.lineno}: {what}: {ast.unparse(arg)}")
    return found


PAGE_SOURCES = sorted([ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("quiz/ui/*.py")])


def test_every_page_passes_stored_text_through_md() -> None:
    """A page that shows a stored or typed value in Markdown without ``md()`` fails here."""
    found = [line for path in PAGE_SOURCES for line in unescaped_calls(path)]
    assert not found, "wrap these in md() (quiz/ui/text.py):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("code", "caught"),
    [
        ('st.caption(f"From {excerpt.source}")', True),
        ('st.caption(f"From {md(excerpt.source)}")', False),
        ('source = f"From {excerpt.source}"\nst.caption(f"x {source}")', True),
        ('source = f"From {md(excerpt.source)}"\nst.caption(f"x {source}")', False),
        ("st.error(str(exc))", True),
        ("st.error(md(str(exc)))", False),
        ('st.success(f"Signed in as **{teacher.name}**.")', True),
        ('top.markdown(f"Class **{room.name}**")', True),
        ('st.metric(f"{n:.0%}", f"{room.name}")', True),
        ('st.radio("Pick", ids, format_func=lambda i: views[i].label)', True),
        ('st.radio("Pick", ids, format_func=lambda i: md(views[i].label))', False),
        ('st.radio("Pick", list(titles))', True),
        ('st.selectbox("Pick", ids, format_func=lambda i: rooms[i].name)', False),  # plain
        ('st.expander(f"{excerpt.title}: {attempt.score:.0f} / 100")', True),
        ('st.text_input(f"Type “{chosen.nickname}”")', True),
        ('st.button("Go", help=f"for {room.name}")', True),
        ('st.page_link(PAGE, label=room.name)', True),
        ('getattr(st, kind)(message)', True),
        ('st.html(f"<b>{room.name}</b>")', True),
        ('st.markdown(f"{row.category.label}: {Genre(v).label}, {guide.meaning}")', False),
        ('st.markdown(f"{view.label}")', True),
        ('st.html(f"<b>{html.escape(room.name)}</b>")', False),
        ('st.caption(f"{len(rows)} row(s); {summary.streak_days} day(s), {CONSTANT}")', False),
        ('st.text(f"{room.name}")', False),  # plain text
        ('def line(m):\n    return f"**{m.text}**"\nst.markdown(line(mark))', True),
        ('def line(m):\n    return f"**{md(m.text)}**"\nst.markdown(line(mark))', False),
        ('q = f"{md(a)}"\nif long:\n    q = f"{a}"\nst.markdown(f"x {q}")', True),
        ('def f():\n    q = a\ndef g():\n    q = len(a)\n    st.caption(f"{q}")', False),
        ('state["n"] = len(found)\nst.caption(f"{state[\'n\']} found")', False),
        ('state["n"] = name\nst.caption(f"{state[\'n\']} found")', True),
        ('st.caption(f"{state[\'n\']} found")', True),
        ('def say(what):\n    return f"{what} is gone"\nst.warning(say("The page"))', False),
        ('def say(what):\n    return f"{what} is gone"\nst.warning(say(room.name))', True),
        ('def say(what):\n    return f"{what} is gone"\nst.warning(say(md(room.name)))', False),
        ('def count(x) -> int:\n    return x\nst.caption(f"{count(room)} answers")', False),
        ('st.radio("Kind", KINDS, format_func=KINDS.__getitem__)', False),
        ('st.markdown(f"{KINDS[a.kind].lower()} {room.name.lower()}")', True),
        ('st.markdown(f"{n:d} {n:,} {room.name:>10}")', True),
        ('st.markdown(f"{ICONS[s].icon} {ICONS.get(s, room.name)}")', True),
        ('st.markdown(f"{ICONS[s].icon} {ICONS.get(s, \'?\')}")', False),
        ('def show(what="This page is"):\n    st.error(f"{what} gone")\nshow()\nshow("X")', False),
        ('def show(what="This page is"):\n    st.error(f"{what} gone")\nshow(room.name)', True),
    ],
)
def test_the_source_check_catches_unescaped_values(
    tmp_path: Path, code: str, caught: bool
) -> None:
    page = tmp_path / "page.py"
    page.write_text(code + "\n", encoding="utf-8")
    assert bool(unescaped_calls(page)) is caught


# --- the pages, rendered ---------------------------------------------------------------

PASSWORD = "a long enough sentence"
LT = Category.LOADED_TERM

# What must never appear outside an escape in a Markdown body sent to the browser.
MARKUP = ["](", "![", ":red[", "<img", "javascript:"]
# What Streamlit turns into a link inside one run of text, escaped or not.
AUTOLINK = re.compile(r"(?i)https?://|www\.[a-z0-9]|[\w.+-]@[a-z0-9-]+\.[a-z]")


def hostile_excerpt() -> Excerpt:
    built, problems = build_excerpt(hostile_entry())
    assert built is not None, problems
    return built


def markup_problems(body: str) -> list[str]:
    """What in one Markdown body would render as markup, a link or an image."""
    unescaped = re.sub(r"\\.", "\x00", body, flags=re.S)
    problems = [f"unescaped {token!r}" for token in MARKUP if token in unescaped]
    for run in body.split(CUT):  # a run of text, as Streamlit's link finder sees it
        text = re.sub(r"\\(.)", r"\1", run, flags=re.S)
        problems += [f"autolink {m.group()!r} in {text!r}" for m in AUTOLINK.finditer(text)]
    return problems


def markdown_bodies(at: AppTest) -> list[str]:
    """Every string on the page that Streamlit renders as Markdown."""
    bodies: list[str] = []
    for node in [*at.main, *at.sidebar]:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in {"markdown", "caption", "error", "warning", "info", "success", "title",
                    "header", "subheader", "toast", "metric", "page_link"}:
            bodies.append(str(node.value))
        for field in ("label", "help"):
            value = getattr(proto, field, None)
            if isinstance(value, str) and value:
                bodies.append(value)
        if kind == "radio":
            bodies += list(node.options)
    return bodies


def shown_text(bodies: list[str]) -> str:
    return "\n".join(re.sub(r"\\(.)", r"\1", b.replace(CUT, ""), flags=re.S) for b in bodies)


def check_page(at: AppTest, must_show: list[str]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bodies = markdown_bodies(at)
    problems = [f"{p} in {b!r}" for b in bodies for p in markup_problems(b)]
    assert not problems, "\n".join(problems)
    shown = shown_text(bodies)
    for text in must_show:  # the hostile text is on the page, shown as itself
        assert " ".join(text.split()) in shown, text


@pytest.fixture
def school(tmp_path: Path) -> dict[str, Any]:
    store = open_store(tmp_path)
    store.import_excerpts([hostile_excerpt()])
    teacher = store.add_teacher(TEACHER, hash_password(PASSWORD))
    room = store.create_class(teacher.id, CLASS_NAME)
    week = store.add_assignment(
        Assignment(class_id=room.id, title=ASSIGNMENT, excerpt_ids=[EXCERPT_ID])
    )
    student = store.join_class(room.code, NICKNAME)
    return {"store": store, "room": room, "student": student, "assignment": week}


def answer_with_a_false_alarm(at: AppTest, excerpt: Excerpt, task: str) -> None:
    """Mark the gold spans and the hostile web address on the task's picker; submit."""
    tokens = tokenize(excerpt.text)
    extra = [t.index for t in tokens if t.start >= excerpt.text.index("http://127")][:6]
    selection = {c: sorted(set(gold_tokens(excerpt, c)) | set(extra))
                 for c in Category if gold_tokens(excerpt, c)}
    [picker] = [str(k) for k in at.session_state
                if str(k).startswith(task) and str(k).endswith(":picker")]
    mark(at, picker, selection)
    next(b for b in at.button if b.label == "Submit my marks").click().run()


def test_learner_pages_show_hostile_text_as_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: dict[str, Any]
) -> None:
    excerpt = hostile_excerpt()
    at = start(monkeypatch, tmp_path)
    at.session_state["practice_task"] = (EXCERPT_ID, list(Category))
    at.switch_page("app_pages/practice.py").run()
    check_page(at, [TITLE, f"From {SOURCE}"])
    answer_with_a_false_alarm(at, excerpt, "practice:")
    check_page(at, [EXPLANATION, NEUTRAL, EVIDENCE, "http://127.0.0.1:9/more"])

    at.session_state["student_link"] = school["student"].link
    at.switch_page("app_pages/class_quiz.py").run()
    check_page(at, [CLASS_NAME, NICKNAME, ASSIGNMENT, TITLE, f"From {SOURCE}"])
    answer_with_a_false_alarm(at, excerpt, "class:")
    check_page(at, [EXPLANATION, NEUTRAL, EVIDENCE])
    at.switch_page("app_pages/progress.py").run()
    check_page(at, [NICKNAME])


def test_teacher_pages_show_hostile_text_as_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: dict[str, Any]
) -> None:
    excerpt = hostile_excerpt()
    url = excerpt.text.index("http://127")  # a false alarm on the hostile web address
    school["store"].record_attempt(Attempt(
        student_id=school["student"].id, class_id=school["room"].id, mode="class",
        assignment_id=school["assignment"].id, excerpt_id=EXCERPT_ID, excerpt_version=1,
        categories=[LT], selections={LT: [*((s.start, s.end) for s in excerpt.gold(LT)),
                                          (url, url + 20)]},
        figures={LT: Figures(precision=0.5, recall=1.0, f1=0.67)}, score=67.0,
    ))
    at = sign_in_teacher(monkeypatch, tmp_path, TEACHER)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    check_page(at, [TEACHER])
    at.switch_page("app_pages/teacher_classes.py").run()
    check_page(at, [CLASS_NAME])
    at.switch_page("app_pages/teacher_assignments.py").run()
    check_page(at, [ASSIGNMENT])
    at.switch_page("app_pages/teacher_dashboard.py").run()
    check_page(at, ["1 student(s); 1 have answered something."])
    at.switch_page("app_pages/teacher_students.py").run()
    check_page(at, [NICKNAME])
    at.switch_page("app_pages/teacher_second_reading.py").run()
    check_page(at, [TITLE, f"From {SOURCE}"])
    tokens = tokenize(excerpt.text)  # read blind: a mark on the hostile web address, compared
    picker = f"second:{EXCERPT_ID}@1"
    mark(at, f"{picker}:picker", {LT: [t.index for t in tokens if t.start >= url][:6]})
    at.button(key=f"{picker}:compare").click().run()
    check_page(at, ["http://127.0.0.1:9/more"])
    at.switch_page("app_pages/teacher_authoring.py").run()
    check_page(at, [])
    at.selectbox(key="author_export").select(EXCERPT_ID).run()
    at.button(key="author_copy").click().run()  # a copy in the form: notice, preview, key
    check_page(at, [TITLE, f"From {SOURCE}", EXPLANATION, NEUTRAL, EVIDENCE])


def test_md_output_passes_the_page_check() -> None:
    """The page check itself: it fails on the raw hostile strings, passes on md()'s output."""
    for text in (SOURCE, TITLE, EXPLANATION, NEUTRAL, EVIDENCE, NICKNAME, CLASS_NAME):
        assert markup_problems(text), text
        assert not markup_problems(md(text)), md(text)
        assert shown_text([md(text)]) == text
