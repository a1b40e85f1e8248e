"""Placeholder: filled in by its issue."""

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this module's commands to ``python -m quiz``."""
