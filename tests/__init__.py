"""The test suite (a package, so ``tests.*`` never resolves to a stray top-level ``tests``
package a dependency installs, as textstat 0.7.8 does)."""
