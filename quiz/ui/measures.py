"""The dashboard's research figures: test quality, gains, measured difficulty.

Layout only: the figures come from :mod:`quiz.reports` and :mod:`quiz.ratings`.
Tables go through :func:`quiz.ui.tables.frame`, so every value is shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from quiz.ratings import MIN_ANSWERS, DifficultyRow
from quiz.reports.measures import AssignmentQuality, GainStats
from quiz.reports.quality import MIN_REVIEW_STUDENTS, REVIEW_BELOW
from quiz.ui.tables import frame

GAIN_HELP = (
    "Discernment per skill: the share of spin words a student marked minus the share of "
    "plain words they marked, over the test's excerpts (1 = perfect, 0 = no better than "
    "marking at random). A class that only learned to mark more does not gain on it. "
    "Hedges' g is the gain over the spread of scores, corrected for a small class; the "
    "95% interval comes from 2000 resamples of the students (seeded, so it does not change "
    "on reload). For comparison, published active inoculation studies report d ≈ 0.2 to 0.4. "
    "An interval that includes 0 means the class's gain could be chance. The normalised "
    "gain is the gain over what was left to gain."
)
ALPHA_HELP = (
    "How consistently the excerpts measure the same skill: 0.7 or more is usual for a class "
    "test; below 0.5 the total says little about a student."
)
LATER = {"post_test": "Post-test", "retention_test": "Retention test"}


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def show_gains(gains: Sequence[GainStats]) -> None:
    """The gain table: one row per skill and later test."""
    if not gains:
        return
    st.markdown("### Did the class get better at telling spin from plain text?",
                help=GAIN_HELP)
    st.dataframe(frame([
        {"Skill": g.category.label, "Compared with the pre-test": LATER[g.later_kind],
         "Students": g.students, "Pre-test": _round(g.pre), "Later": _round(g.later),
         "Gain": _round(g.gain), "Hedges' g": _round(g.hedges_g),
         "95% interval": None if g.ci_low is None or g.ci_high is None
         else f"{g.ci_low:.2f} to {g.ci_high:.2f}",
         "Normalised gain": _round(g.normalised_gain)}
        for g in gains
    ]), hide_index=True)
    st.caption("Reference: active inoculation studies report effects of d ≈ 0.2 to 0.4.")


def show_quality(quality: AssignmentQuality) -> None:
    """Reliability, items to review, and the spans strong students missed."""
    st.markdown("### How good is this test?")
    if quality.alpha is None:
        st.markdown("**Reliability (Cronbach's α): not enough answers yet**: it needs two "
                    "students who answered every excerpt, and two excerpts.", help=ALPHA_HELP)
    else:
        st.markdown(f"**Reliability (Cronbach's α): {quality.alpha:.2f}** over "
                    f"{quality.complete:d} student(s) who answered every excerpt.", help=ALPHA_HELP)
    st.caption(
        f"Efficiency: how much of the separation between stronger and weaker students the "
        f"excerpt achieves, out of what its difficulty allows (Moodle's discriminative "
        f"efficiency). Below {REVIEW_BELOW:.0%}, with {MIN_REVIEW_STUDENTS} or more students, "
        "the excerpt is marked “⚠ Review”. α without it: a value above the test's α means "
        "the excerpt measures something else than the rest."
    )
    st.dataframe(frame([
        {"Excerpt": i.title, "Students": i.students, "Facility": _round(i.facility),
         "Efficiency": None if i.efficiency is None else f"{i.efficiency:.0%}",
         "α without it": _round(i.alpha_if_deleted),
         "Check": "⚠ Review" if i.review else ""}
        for i in quality.items
    ]), hide_index=True)
    missed = [m for m in quality.strong_misses if m.missed]
    if missed:
        st.markdown("**Spans the strongest third of the class missed**",
                    help="Strong students: the top third by score on this test. A span "
                    "they miss is often a problem of the answer key, not of the students.")
        st.dataframe(frame([
            {"Span": m.quote, "Kind": m.category.label, "Strong students": m.strong,
             "Missed": m.missed, "Share missed": f"{m.share:.0%}"}
            for m in missed[:15]
        ]), hide_index=True)


def show_difficulties(rows: Sequence[DifficultyRow]) -> None:
    """Authored beside measured difficulty, disagreements first."""
    measured = [r for r in rows if r.measured is not None]
    with st.expander(f"Excerpt difficulty: authored and measured ({len(measured)} measured)"):
        st.caption(
            f"Measured from every real learner's answers once an excerpt has {MIN_ANSWERS} "
            "answers in a skill, on the authors' scale (1 easy to 3 hard). “Disagrees”: a "
            "whole level or more apart, more than chance would explain."
        )
        if not measured:
            st.info(f"No excerpt has {MIN_ANSWERS} answers in a skill yet.")
            return
        ordered = sorted(measured, key=lambda r: (not r.disagrees, r.title))
        st.dataframe(frame([
            {"Excerpt": r.title, "Skill": r.category.label, "Answers": r.answers,
             "Authored": r.authored, "Measured": _round(r.measured, 1),
             "Check": "✗ Disagrees" if r.disagrees else "✓ Agrees"}
            for r in ordered
        ]), hide_index=True)
