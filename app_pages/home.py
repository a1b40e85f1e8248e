"""Welcome: what Spin Spotter is, and the three ways in."""

from __future__ import annotations

import streamlit as st

from quiz.learning import GUIDES
from quiz.ui import pages, session, trouble

st.title("Spin Spotter")
if session.excerpts_damaged():
    st.warning(trouble.unavailable("Practice and class quizzes are"))
st.markdown(
    "Read short news and opinion excerpts and mark the **spin**: the words that show "
    "an opinion, the claims with no evidence, and the loaded words chosen to make you feel "
    "something. Then see what you found, what you missed, and why."
)
for category, guide in GUIDES.items():
    st.markdown(f"**{category.plural_label}.** {guide.meaning}")

left, middle, right = st.columns(3)
with left:
    st.markdown("#### Practise alone")
    st.markdown("No account needed. Pick a kind of spin or let the app choose.")
    st.page_link(pages.PRACTICE, label="Start practising", icon=":material/edit:")
with middle:
    st.markdown("#### Join your class")
    st.markdown("Your teacher gives you a class code. You only need a nickname.")
    st.page_link(pages.CLASS_QUIZ, label="Join a class", icon=":material/groups:")
with right:
    st.markdown("#### Teachers")
    st.markdown("Run classes, set excerpts, see what your class can spot.")
    st.page_link(pages.TEACHER_SIGN_IN, label="Teacher sign-in", icon=":material/key:")
