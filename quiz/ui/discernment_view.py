"""The dashboard's discernment section: better at telling spin apart, or just more suspicious?

One chart of every student's d′ (across) against c (up), quadrants named in
plain words, each point with a shape, a colour and the student's nickname; a
grey line from where the student was before to where they are after. Below
it the same facts as text and a table, for screen readers and for printing.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd  # type: ignore[import-untyped]  # comes with streamlit; no stubs here
import streamlit as st

from quiz.quadrants import CRITERION_LINE, D_PRIME_LINE, Quadrant
from quiz.reports import ClassTrend, StudentDetection
from quiz.ui.tables import frame
from quiz.ui.text import md

# Shape and colour per quadrant (Okabe-Ito colours, distinct for colour-blind readers).
LOOKS: dict[Quadrant, tuple[str, str]] = {
    Quadrant.SHARP: ("circle", "#009E73"),
    Quadrant.CAREFUL: ("square", "#0072B2"),
    Quadrant.SCEPTICAL: ("triangle-up", "#D55E00"),
    Quadrant.MISSES: ("diamond", "#CC79A7"),
}
MEANINGS: dict[Quadrant, str] = {
    Quadrant.SHARP: "finds most spin and marks readily, rightly",
    Quadrant.CAREFUL: "tells spin apart and marks only when sure",
    Quadrant.SCEPTICAL: "marks a lot, plain text too",
    Quadrant.MISSES: "marks little and misses much of the spin",
}


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def show_trend(trend: ClassTrend | None) -> None:
    """The class's answer in one sentence, with the figures before and after."""
    if trend is None:
        st.info(
            "Not enough answers yet to see a change: this needs each student's answers "
            "to two or more excerpts (or a pre-test and a post-test)."
        )
        return
    st.markdown(f"**{md(trend.verdict)}** ({trend.students} student(s), {md(trend.basis)})")
    rows = [
        ("Telling spin from plain text (0 to 100)", trend.before.discernment,
         trend.after.discernment, 0),
        ("d′: how well spin is told apart (higher is better)", trend.before.d_prime,
         trend.after.d_prime, 2),
        ("c: how sparingly they mark (lower: more suspicious)", trend.before.criterion,
         trend.after.criterion, 2),
    ]
    st.dataframe(
        frame([{"Figure": name, "Before": _r(b, n), "After": _r(a, n)} for name, b, a, n in rows]),
        hide_index=True,
    )


def chart(rows: Sequence[StudentDetection]) -> alt.LayerChart | alt.FacetChart | None:
    """d′ against c, one labelled point per student, quadrant lines and names; None
    when no student has both figures yet."""
    placed = [
        (r, r.latest.d_prime, r.latest.criterion) for r in rows
        if r.latest.d_prime is not None and r.latest.criterion is not None
    ]
    if not placed:
        return None
    points = pd.DataFrame([
        {"nickname": r.nickname, "d_prime": d, "criterion": c, "quadrant": str(r.latest.quadrant),
         "discernment": _r(r.latest.discernment, 0)}
        for r, d, c in placed
    ])
    steps = [
        {"nickname": r.nickname, "step": step, "d_prime": p.d_prime, "criterion": p.criterion}
        for r in rows if r.before is not None and r.after is not None
        for step, p in ((0, r.before), (1, r.after))
        if p.d_prime is not None and p.criterion is not None
    ]
    xs = [d for _, d, _ in placed] + [D_PRIME_LINE]
    ys = [c for _, _, c in placed] + [CRITERION_LINE]
    for r in rows:
        if r.before is not None and r.before.d_prime is not None:
            xs.append(r.before.d_prime)
        if r.before is not None and r.before.criterion is not None:
            ys.append(r.before.criterion)
    x_lo, x_hi = min(xs) - 0.8, max(xs) + 0.8
    y_lo, y_hi = min(ys) - 0.6, max(ys) + 0.6
    x = alt.X("d_prime:Q", title="d′: telling spin from plain text (better →)",
              scale=alt.Scale(domain=[x_lo, x_hi]))
    y = alt.Y("criterion:Q", title="c: ↑ marks sparingly · marks readily ↓",
              scale=alt.Scale(domain=[y_lo, y_hi]))
    order = [str(q) for q in LOOKS]
    base = alt.Chart(points)
    dots = base.mark_point(size=140, filled=True, opacity=0.9).encode(
        x=x, y=y,
        shape=alt.Shape("quadrant:N", title="Quadrant",
                        scale=alt.Scale(domain=order, range=[s for s, _ in LOOKS.values()])),
        color=alt.Color("quadrant:N", title="Quadrant",
                        scale=alt.Scale(domain=order, range=[c for _, c in LOOKS.values()])),
        tooltip=["nickname:N", "quadrant:N", alt.Tooltip("d_prime:Q", format=".2f"),
                 alt.Tooltip("criterion:Q", format=".2f"), "discernment:Q"],
    )
    # Students at the same place share one label, so names never print over each other.
    together: dict[tuple[float, float], list[str]] = {}
    for r, d, c in placed:
        together.setdefault((round(d, 1), round(c, 1)), []).append(r.nickname)
    labels = pd.DataFrame([
        {"d_prime": d, "criterion": c, "nickname": ", ".join(who)}
        for (d, c), who in together.items()
    ])
    names = alt.Chart(labels).mark_text(align="left", dx=9, dy=-6, fontSize=11).encode(
        x=x, y=y, text="nickname:N"
    )
    trails = pd.DataFrame(steps, columns=["nickname", "step", "d_prime", "criterion"])
    moves = alt.Chart(trails).mark_line(color="#999", strokeWidth=1, strokeDash=[2, 2]).encode(
        x=x, y=y, detail="nickname:N", order="step:Q"
    )
    starts = alt.Chart(trails[trails["step"] == 0]).mark_point(
        shape="circle", size=40, filled=False, color="#777"
    ).encode(x=x, y=y, tooltip=["nickname:N"])
    lines = alt.Chart(pd.DataFrame([{"x": D_PRIME_LINE, "y": CRITERION_LINE}]))
    corners = pd.DataFrame([
        {"x": x_hi, "y": y_hi, "text": str(Quadrant.CAREFUL)},
        {"x": x_hi, "y": y_lo, "text": str(Quadrant.SHARP)},
        {"x": x_lo, "y": y_lo, "text": str(Quadrant.SCEPTICAL)},
        {"x": x_lo, "y": y_hi, "text": str(Quadrant.MISSES)},
    ])
    at_x = alt.X("x:Q", scale=alt.Scale(domain=[x_lo, x_hi]))
    at_y = alt.Y("y:Q", scale=alt.Scale(domain=[y_lo, y_hi]))
    right = alt.Chart(corners.iloc[:2]).mark_text(
        align="right", dx=-4, fontSize=13, fontWeight="bold", color="#444"
    ).encode(x=at_x, y=at_y, text="text:N")
    left = alt.Chart(corners.iloc[2:]).mark_text(
        align="left", dx=4, fontSize=13, fontWeight="bold", color="#444"
    ).encode(x=at_x, y=at_y, text="text:N")
    return alt.layer(
        lines.mark_rule(strokeDash=[5, 4], color="#666").encode(x="x:Q"),
        lines.mark_rule(strokeDash=[5, 4], color="#666").encode(y="y:Q"),
        moves, starts, dots, names, right, left,
    ).properties(height=420)


def show_students(rows: Sequence[StudentDetection]) -> None:
    """The chart, then who is in each quadrant in words, then every figure in a table."""
    drawn = chart(rows)
    if drawn is not None:
        st.altair_chart(
            drawn, width="stretch",
            alt="Scatter chart of each student's d′ (across) against c (up), in four named "
            "quadrants; the same facts are listed below the chart.",
        )
        st.caption(
            f"The dashed lines go through a reader who finds 3 in 4 words of spin and marks "
            f"1 in 50 plain words (d′ {D_PRIME_LINE:.2f}, c {CRITERION_LINE:.2f}). Right of "
            "the line: tells spin apart at least that well. Below it: marks more readily. "
            "A dotted grey line runs from a small hollow circle, where the student was before, "
            "to where they were after."
        )
    for quadrant, (shape, _) in LOOKS.items():
        who = [r.nickname for r in rows if r.latest.quadrant is quadrant]
        if who:
            st.markdown(
                f"**{md(quadrant.capitalize())}** ({md(MEANINGS[quadrant])}; "
                f"{md(shape.replace('-', ' '))} on the chart): {md(', '.join(who))}"
            )
    st.caption(
        "Each student is placed by their latest answers: the post-test (or the second half "
        "of their answers) when there is a before and after, otherwise all their answers."
    )
    st.dataframe(
        frame([
            {"Nickname": r.nickname, "Quadrant": str(r.latest.quadrant or "not enough answers"),
             "Telling spin apart (0-100)": _r(r.latest.discernment, 0),
             "Answers": r.latest.answers,
             "Spin found (%)": _percent(r.latest.hit_rate),
             "Plain words marked (%)": _percent(r.latest.false_alarm_rate),
             "d′": _r(r.latest.d_prime), "c": _r(r.latest.criterion),
             "d′ before": _r(r.before.d_prime) if r.before else None,
             "c before": _r(r.before.criterion) if r.before else None,
             "Telling spin apart before": _r(r.before.discernment, 0) if r.before else None}
            for r in rows
        ]),
        hide_index=True,
    )


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate)
