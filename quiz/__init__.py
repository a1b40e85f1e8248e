"""Spin Spotter: the domain of a media-literacy quiz (no Streamlit here)."""
