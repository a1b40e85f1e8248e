"""The test suite, a package: textstat 0.7.8 installs a top-level ``tests`` package of its
own, which would otherwise shadow this folder in ``from tests.conftest import ...``."""
