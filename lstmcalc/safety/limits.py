"""The caps shared across lstmcalc's readers and outputs.

The numbers are far above what a real model needs and far below what hurts: each read,
loop and number from the input is bounded before it can cost time or memory. Caps that
belong to one stage sit beside the code that enforces them, as MAX_* constants with the
measurement that set them: the YAML tree (spec/tree.py), the Python reader
(readers/python/, spec/pycall.py), Keras configs and archives (spec/keras_config.py,
spec/archive.py), model size (engine/infer.py), the REPL (repl.py) and `run`
(numeric/arrays.py, numeric/plan.py). `grep -rn "^MAX_" lstmcalc` lists them all.
"""

from __future__ import annotations

#: Bytes read from a spec, config or Python file (and from stdin).
MAX_INPUT_BYTES = 5 * 1024 * 1024
#: Bytes read from a Jupyter notebook (.ipynb): notebooks carry their outputs (plots as
#: base64 images), so they run to megabytes while their code stays small; the code cells
#: are then held to the Python reader's own cap (readers/notebook.py MAX_CODE).
MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024
#: Bytes of one JSON member of a .keras archive, counted while it is decompressed.
MAX_ARCHIVE_MEMBER = 20 * 1024 * 1024
#: Bytes of a zip's central directory (.keras, .npz): zipfile holds one object per member,
#: so this caps memory before it opens the archive (about 20,000 members).
MAX_ZIP_DIRECTORY = 1024 * 1024
#: Bytes of a settings file (pyproject.toml or --config).
MAX_CONFIG_BYTES = 1024 * 1024
#: Bytes of an npz/npy file given to `run`, on disk and once decompressed (all members).
MAX_ARRAY_FILE_BYTES = 1024 * 1024 * 1024
#: Findings reported for one file; the rest are counted in one "... N more" line.
MAX_FINDINGS_PER_FILE = 200
#: Suppression comments read from one file.
MAX_SUPPRESSIONS = 1000
#: Digits in an integer from the input; longer numbers are refused before str() or math.
MAX_INT_DIGITS = 30
#: Characters of input quoted in any message.
MAX_EXCERPT = 80
#: Characters of one diagnostic's message or hint: a Keras message quoting a few shapes is
#: far shorter; past it the text was built around something huge.
MAX_MESSAGE = 1000
#: Lines kept in an interactive session.
MAX_REPL_LINES = 10_000
