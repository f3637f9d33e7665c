"""The fuzzing harness: structure-aware strategies, an in-process CLI driver, and regressions.

Run the CI budget with `pytest tests/fuzz`; a long run with `pytest tests/fuzz --fuzz-long`
(optionally `--fuzz-seed N`, `--fuzz-collect FILE` to record every distinct failure
instead of stopping at the first). See README.md in this folder.
"""
