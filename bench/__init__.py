"""Benchmarks and the load test of Spin Spotter: tooling beside the app, not part of it.

``python -m quiz bench NAME [--quick]`` calls :func:`run_benchmark`;
``python -m quiz loadtest`` calls :func:`bench.loadtest.run_load` or, with
``--app``, :func:`bench.loaddriver.drive`. The
package imports the app (``quiz``); the app imports it only inside those two
commands. Each benchmark module is imported when it runs, so one benchmark
never loads another's dependencies (Streamlit, the suggester's model).

- :mod:`bench.scoring`: excerpt scorings per second, against tokenizing
- :mod:`bench.reports`: the class report, against the raw store reads it needs
- :mod:`bench.storage`: recording one attempt as a school grows, against plain
  TinyDB (:mod:`bench.baselines`) and SQLite; history written by :mod:`bench.bulk`
- :mod:`bench.storage_pg`: the same on PostgreSQL (``--backend postgres``), a
  throwaway cluster (:mod:`bench.pg_cluster`), history loaded by :mod:`bench.pg_bulk`
- :mod:`bench.ui`: AppTest reruns of the quiz page, against a trivial page
- :mod:`bench.suggest`: the suggester's F1 on fresh text and its speed
- :mod:`bench.loadtest`: many processes recording answers into one class
- :mod:`bench.classroom_bench`: whole classes through the real server, played by
  the load driver (:mod:`bench.loaddriver`, :mod:`bench.classroom`,
  :mod:`bench.wsclient`) against a server :mod:`bench.appserver` starts
"""

from __future__ import annotations

BENCHMARKS = ("classroom", "reports", "scoring", "storage", "suggest", "ui")


def run_benchmark(
    name: str, quick: bool = False, json_output: bool = False, backend: str = "tinydb"
) -> int:
    """Run one benchmark, printing its table; return its exit code.

    ``json_output`` (classroom only) prints the 35-student run's JSON instead.
    ``backend`` matters to ``storage`` only: ``postgres`` runs :mod:`bench.storage_pg`.

    Raises:
        ValueError: ``name`` is not one of :data:`BENCHMARKS`.
    """
    if name == "classroom":
        from bench.classroom_bench import run as classroom

        return classroom(quick, json_output)
    if name == "reports":
        from bench.reports import run as reports

        return reports(quick)
    if name == "scoring":
        from bench.scoring import run as scoring

        return scoring(quick)
    if name == "storage" and backend == "postgres":
        from bench.storage_pg import run as storage_pg

        return storage_pg(quick)
    if name == "storage":
        from bench.storage import run as storage

        return storage(quick)
    if name == "suggest":
        from bench.suggest import run as suggest

        return suggest(quick)
    if name == "ui":
        from bench.ui import run as ui

        return ui(quick)
    raise ValueError(f"no benchmark {name!r}: use one of {', '.join(BENCHMARKS)}")
