"""Streamlit widgets and page helpers shared by the pages (the only part of ``quiz`` that
imports streamlit).

The span picker is :mod:`quiz.ui.span_picker`; its colours and icons are :mod:`quiz.ui.theme`.
"""
