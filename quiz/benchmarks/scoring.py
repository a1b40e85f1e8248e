"""Placeholder: filled in by its issue."""


def run(quick: bool = False) -> int:
    """Print the benchmark table; return the exit code."""
    raise NotImplementedError
