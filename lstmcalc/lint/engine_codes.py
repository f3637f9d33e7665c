"""Documentation entries for the codes the parser and engine report themselves.

These are not checks (the engine finds them while reading the spec and inferring shapes,
in the order Keras would); they are registered beside the lint rules so that
`lstmcalc rules`, SARIF and the docs describe every code from one registry. Each entry's
Bad example is run by the tests and must produce its code.
"""

from __future__ import annotations

from lstmcalc.diagnostics import Severity
from lstmcalc.lint.rules import RULES, Rule

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_INPUT = "  - {type: Input, shape: [10, 4]}\n"

# code, name, severity, summary, why, bad, good
ENTRIES: list[tuple[str, str, Severity, str, str, str, str]] = [
    ("LC001", "syntax-error", _E, "The file is not valid YAML or JSON.",
     "lstmcalc points at the line and column where the parser stopped.",
     "layers:\n  - {type: LSTM, units: 4\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC002", "input-too-large", _E, "The file is oversized, nested too deeply or expands aliases too far.",
     "Specs are small; these limits stop hostile input (alias bombs, 100,000-deep nesting, huge files) "
     "in well under a second with bounded memory.",
     "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC003", "not-text", _E, "The file is not UTF-8 text.",
     "A spec is text; binary files and other encodings are refused with the offset of the first bad byte.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC004", "yaml-tag", _E, "A YAML tag such as !!python/object is not allowed.",
     "Specs hold plain data. lstmcalc never constructs objects from tags, so `!!python/...` cannot run code.",
     "layers: !!python/object/apply:os.system ['true']\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC005", "not-a-notebook", _E, "The .ipynb file is not a Jupyter notebook lstmcalc can read.",
     "A notebook is a JSON object with a `cells` list (nbformat 4, or nbformat 3's `worksheets`) whose "
     "code cells hold their `source` as a string or a list of strings, in a Python kernel. Broken JSON "
     "is LC001, an oversized file LC002.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC010", "not-a-spec", _E, "The file does not have the shape of a spec.",
     "A spec is a mapping with a non-empty `layers` list of layer mappings; an Input layer comes first.",
     "- {type: LSTM, units: 4}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC011", "missing-type", _E, "A layer has no `type`.",
     "`type` names the Keras layer class.",
     "layers:\n" + _INPUT + "  - {units: 4}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC012", "unknown-layer-type", _E, "The layer type is not a Keras layer lstmcalc knows.",
     "Type names are Keras class names, case and all; the hint suggests the closest one.",
     "layers:\n" + _INPUT + "  - {type: LTSM, units: 4}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC013", "unknown-argument", _E, "The layer has no such argument.",
     "Keras raises `Unrecognized keyword arguments`; the hint suggests the closest argument.",
     "layers:\n" + _INPUT + "  - {type: LSTM, unit: 4}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC014", "wrong-type", _E, "An argument has the wrong type.",
     "`units: \"128\"` is a string and `units: true` a boolean (Python's bool is an int, so Keras "
     "would not even complain); both are refused.",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: \"4\"}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC015", "invalid-value", _E, "Keras's constructor rejects the argument's value.",
     "Each layer validates its arguments as Keras does (positive units, a rate in [0, 1], known "
     "activation and padding names, ...) with Keras's message.",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: 0}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC016", "missing-argument", _E, "A required argument is missing.",
     "Keras layers such as LSTM(units) and Dense(units) have required arguments.",
     "layers:\n" + _INPUT + "  - {type: LSTM}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC017", "duplicate-key", _E, "A key appears twice in one mapping.",
     "YAML parsers silently keep the last value; lstmcalc refuses the ambiguity.",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: 4, units: 8}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 8}\n"),
    ("LC018", "duplicate-layer-name", _E, "Two layers have the same name.",
     "Keras refuses a model whose layer names are not unique.",
     "layers:\n" + _INPUT + "  - {type: LSTM, name: rnn, units: 4, return_sequences: true}\n"
     "  - {type: LSTM, name: rnn, units: 4}\n",
     "layers:\n" + _INPUT + "  - {type: LSTM, name: rnn1, units: 4, return_sequences: true}\n"
     "  - {type: LSTM, name: rnn2, units: 4}\n"),
    ("LC019", "not-writable-as-code", _E, "`convert --to keras` cannot write this spec as Python safely.",
     "Generated code is built from Python identifiers and repr()-quoted plain values only, and parsed "
     "before it is written; a value that is not plain data (a YAML timestamp, say) is refused, never "
     "written as text.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC020", "no-input-shape", _W, "The model has no input shape, so Keras leaves it unbuilt.",
     "Without an Input layer (or input_shape on the first layer) Keras cannot build the model; "
     "summary() shows `?` and `0 (unbuilt)`.",
     "layers:\n  - {type: LSTM, units: 4}\n", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC100", "incompatible-rank", _E, "A layer receives input of the wrong rank.",
     "An RNN needs 3D input (batch, timesteps, features); a 2D output (an LSTM with "
     "return_sequences=False, a Dense) or 4D data cannot feed it, and RepeatVector needs 2D.",
     "layers:\n" + _INPUT + "  - {type: LSTM, name: lstm1, units: 8}\n  - {type: LSTM, units: 4}\n",
     "layers:\n" + _INPUT + "  - {type: LSTM, name: lstm1, units: 8, return_sequences: true}\n"
     "  - {type: LSTM, units: 4}\n"),
    ("LC101", "undefined-dimension", _E, "A weight would need a size that is not known.",
     "Keras sizes weights from the input; Flatten over a variable-length sequence has no fixed size.",
     "layers:\n  - {type: Input, shape: [null, 4]}\n  - {type: Flatten}\n  - {type: Dense, units: 1}\n",
     "layers:\n  - {type: Input, shape: [null, 4]}\n  - {type: GlobalAveragePooling1D}\n  - {type: Dense, units: 1}\n"),
    ("LC102", "non-positive-output-size", _E, "A convolution or pooling window is longer than the sequence.",
     "With padding='valid' the output length is floor((L - span) / stride) + 1, which must be positive.",
     "layers:\n" + _INPUT + "  - {type: Conv1D, filters: 4, kernel_size: 20}\n",
     "layers:\n" + _INPUT + "  - {type: Conv1D, filters: 4, kernel_size: 20, padding: same}\n"),
    ("LC103", "reshape-size-mismatch", _E, "Reshape changes the number of values per sample.",
     "target_shape must hold as many values as the input; use -1 for one axis to infer it.",
     "layers:\n" + _INPUT + "  - {type: Reshape, target_shape: [3, 3]}\n",
     "layers:\n" + _INPUT + "  - {type: Reshape, target_shape: [-1, 2]}\n"),
    ("LC104", "shape-error", _E, "Another shape problem Keras refuses.",
     "An axis out of range, channels not divisible by groups, a Conv1D given 4D input, ...",
     "layers:\n" + _INPUT + "  - {type: LayerNormalization, axis: 3}\n",
     "layers:\n" + _INPUT + "  - {type: LayerNormalization, axis: -1}\n"),
    ("LC105", "stateful-needs-batch-size", _E, "A stateful RNN needs a fixed batch size.",
     "stateful=True keeps one state per sample across batches, so Keras needs the batch size when building.",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: 4, stateful: true}\n",
     "layers:\n  - {type: Input, shape: [10, 4], batch_size: 32}\n  - {type: LSTM, units: 4, stateful: true}\n"),
    ("LC021", "other-keras-version", _W, "A .keras archive was saved by another major version of Keras.",
     "lstmcalc follows Keras 3.15; a Keras 2 archive may use layers or arguments that changed.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC022", "ipython-not-followed", _W, "A notebook line or cell runs code through IPython that lstmcalc does not read.",
     "`%timeit`, `%run`, `%store -r` and cell magics such as `%%timeit` or `%%sql` run code or change "
     "the namespace in ways a reader that never executes the notebook cannot follow, so what they do "
     "could be missing from the model. `!` and other `%` lines, `%time STMT` (read as STMT), "
     "`%%time` and `%%capture` cells (read as Python) and `%%bash`-style cells (not Python) are read "
     "without this warning.",
     "import keras\n%timeit keras.Sequential()\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n",
     "import keras\n%time model = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"),
    ("LC023", "no-specs-found", _W, "A path given to `lstmcalc lint` holds no spec to check.",
     "A folder whose YAML/JSON files are all something else (CI workflows, package.json), all "
     "excluded or all git-ignored, or an empty folder, would otherwise pass silently: a typo in a CI "
     "path would check nothing and stay green. It is a warning, and an error under --strict; name "
     "the files with `include` in [tool.lstmcalc] when lstmcalc does not recognise them as specs.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC042", "run-input-mismatch", _E, "The array given to `lstmcalc run --input` does not fit the model's input.",
     "The array must have the model input's rank (batch first), its fixed sizes (the timesteps of a "
     "fixed-length model, the features) and real numbers; the message names the axis and the size "
     "expected. Keras's model.predict refuses the same arrays.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC043", "run-embedding-ids", _E, "An Embedding fed by `lstmcalc run --input` gets ids outside 0 to input_dim - 1.",
     "Embedding ids index its table: each must be a whole number from 0 to input_dim - 1. The message "
     "gives the first bad id and where it is.",
     "", "layers:\n  - {type: Input, shape: [5]}\n  - {type: Embedding, input_dim: 10, output_dim: 4}\n"),
    ("LC040", "cannot-draw", _E, "`lstmcalc diagram` cannot draw this model unrolled in time.",
     "A diagram has one column per timestep; a sequence of 0 timesteps has none to draw.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC030", "runtime-value", _E, "A value in Python code is only known when the code runs.",
     "Python code is parsed, never executed, so `x_train.shape[1]` has no value; supply one with "
     "--set 'x_train.shape[1]=60'.",
     "import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_shape=(x_train.shape[1], 3))])\n",
     "import keras\nmodel = keras.Sequential([keras.layers.LSTM(4, input_shape=(60, 3))])\n"),
    ("LC031", "unknown-reference", _E, "`inputs`, `initial_state` or `outputs` names no earlier layer.",
     "A graph spec refers to layers by name; a layer can only take input from layers before it.",
     "layers:\n" + _INPUT + "  - {type: LSTM, name: rnn, units: 4}\n  - {type: Dense, units: 1, inputs: rn}\n",
     "layers:\n" + _INPUT + "  - {type: LSTM, name: rnn, units: 4}\n  - {type: Dense, units: 1, inputs: rnn}\n"),
    ("LC032", "output-not-computed", _E, "An output of the model is not computed from its `inputs:`.",
     "keras.Model(inputs, outputs) walks back from the outputs; one that does not reach the inputs "
     "is refused (Keras: Output ... is not connected to `inputs`).",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC033", "nested-model", _E, "A model wrapped in another layer (TimeDistributed or Bidirectional of a model) "
     "is not modelled.",
     "A model used as a layer is modelled (its row, its calls, `summary --expand-nested`); a model given as "
     "the `layer:` of a wrapper is not, and lstmcalc refuses it rather than guess. Call the model directly, "
     "or wrap its layers one by one.",
     "layers:\n  - {type: Input, shape: [5, 3, 2]}\n"
     "  - {type: TimeDistributed, layer: {type: Sequential, layers: [{type: Dense, units: 2}]}}\n",
     "layers:\n  - {type: Input, shape: [5, 3, 2]}\n  - {type: TimeDistributed, layer: {type: Dense, units: 2}}\n"),
    ("LC034", "model-chosen", _I, "Which of a Python file's models is printed, and why.",
     "A script may build several models; lstmcalc prints what the file prints (its summary() calls), "
     "else the model given to .fit, .compile or .save, else the last built. --model NAME picks one.",
     "import keras\na = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "b = keras.Sequential([keras.Input((3, 2)), keras.layers.GRU(4)])\n",
     "import keras\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"),
    ("LC035", "other-model-not-followed", _W, "Another model in the Python file could not be followed.",
     "A model built from values known only at run time does not stop the file's other models from "
     "being printed; it is named so that nothing is missed silently.",
     "import sys\nimport keras\nunits = int(sys.argv[1])\n"
     "a = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(units)])\n"
     "b = keras.Sequential([keras.Input((3, 2)), keras.layers.GRU(4)])\nb.summary()\n",
     "import keras\na = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "b = keras.Sequential([keras.Input((3, 2)), keras.layers.GRU(4)])\nb.summary()\n"),
    ("LC036", "keras3-import-error", _E, "The code imports a module or name Keras 3 does not have.",
     "Keras 3 moved its layers to keras.layers and removed keras.layers.recurrent, keras.utils.np_utils, "
     "CuDNNLSTM and others: the script stops there with ModuleNotFoundError, ImportError or "
     "AttributeError, so there is no model to print.",
     "from keras.layers.recurrent import LSTM\nimport keras\n"
     "model = keras.Sequential([keras.Input((3, 2)), LSTM(4)])\n",
     "from keras.layers import LSTM\nimport keras\nmodel = keras.Sequential([keras.Input((3, 2)), LSTM(4)])\n"),
    ("LC037", "summary-after-training", _E, "summary() is called after fit() with an optimizer lstmcalc does not know.",
     "After training, Keras adds an `Optimizer params` line (the optimizer's slots and counters) and "
     "counts it in Total. lstmcalc prints it for the optimizers Keras recorded (adam, sgd, rmsprop, "
     "adagrad, adadelta, adamax, nadam, adamw, ftrl, lion, with amsgrad, momentum and centered); for "
     "another, or one only known at run time, it refuses rather than print a different table.",
     "import keras\nimport numpy as np\nfrom mytools import make_optimizer\nx = np.zeros((2, 3, 2))\n"
     "model = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "model.compile(optimizer=make_optimizer(), loss='mse')\nmodel.fit(x, x)\nmodel.summary()\n",
     "import keras\nimport numpy as np\nx = np.zeros((2, 3, 2))\n"
     "model = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, x)\nmodel.summary()\n"),
    ("LC038", "summary-option", _E, "A summary() option Keras raises an error for with this model.",
     "lstmcalc prints every summary() option as Keras 3 does (line_length, positions, expand_nested, "
     "show_trainable, layer_range) and stops where Keras's summary() raises instead: a layer_range "
     "whose names or regular expressions match none of the model's top-level layers (Keras's "
     "ValueError: Passed layer_names do not match the layer names in the model), a pattern Python's "
     "re module refuses, positions or a line length leaving a column under 4 characters "
     "(Insufficient console width to print summary.), fewer positions than columns (IndexError). "
     "It also refuses what it does not print: positions that are not numbers, a line length outside "
     "20 to 1000. The same checks apply to `lstmcalc summary --layer-range/--positions/--line-length`.",
     "import keras\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "model.summary(layer_range=['encoder', 'dense'])\n",
     "import keras\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "model.summary(show_trainable=True, layer_range=['lstm', 'lstm'])\n"),
    ("LC039", "model-handed-away", _W, "A model is given to a function lstmcalc cannot follow.",
     "A function imported from the project's own code may add layers to the model or freeze some; "
     "lstmcalc prints the model as the file builds it and says so.",
     "import keras\nfrom mytools import freeze\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "freeze(model)\n",
     "import keras\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
     "keras.utils.plot_model(model)\n"),
    ("LC041", "cannot-explain", _E, "`lstmcalc explain` cannot describe this model (a shared layer).",
     "explain describes one call per layer; a shared layer has several.",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC109", "shared-layer-weights", _E, "A shared layer's later call needs other weights than its first call built.",
     "Weights are built by the first call; Dense, Conv1D and BatchNormalization refuse a later input of "
     "another size (an error), the recurrent layers build anyway but fail when run (a warning).",
     "", "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n"),
    ("LC107", "merge-inputs", _E, "A merge layer gets the wrong number of inputs, or a non-recurrent layer an "
     "initial_state.",
     "Subtract takes exactly two tensors; only LSTM, GRU and SimpleRNN (and Bidirectional) keep states.",
     "layers:\n  - {type: Input, name: a, shape: [3]}\n  - {type: Input, name: b, shape: [3]}\n"
     "  - {type: Input, name: c, shape: [3]}\n  - {type: Subtract, inputs: [a, b, c]}\n",
     "layers:\n  - {type: Input, name: a, shape: [3]}\n  - {type: Input, name: b, shape: [3]}\n"
     "  - {type: Subtract, inputs: [a, b]}\n"),
    ("LC106", "several-outputs", _E, "Several tensors flow into a layer that takes one.",
     "return_state=True and Bidirectional(merge_mode=None) give a list of outputs.",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: 4, return_state: true}\n  - {type: Dense, units: 1}\n",
     "layers:\n" + _INPUT + "  - {type: LSTM, units: 4}\n  - {type: Dense, units: 1}\n"),
    ("LC108", "size-beyond-int64", _E, "A dimension, a weight or the parameter count would pass 2**63 - 1.",
     "Every backend holds sizes and element counts as int64, so Keras cannot create such a tensor; "
     "lstmcalc refuses it rather than print a number no model can have. Arguments beyond int64 are "
     "LC015; sizes that grow past it (Flatten, Concatenate, a kernel's element count, the total) are LC108.",
     "layers:\n  - {type: Input, shape: [4294967296, 4294967296]}\n  - {type: Flatten}\n",
     "layers:\n  - {type: Input, shape: [65536, 65536]}\n  - {type: Flatten}\n"),
]


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.splitlines())


def _register() -> None:
    for code, name, severity, summary, why, bad, good in ENTRIES:
        doc = f"{summary}\n\nWhy: {why}\n"
        if bad:
            doc += f"\nBad:\n{_indent(bad)}\n"
        doc += f"\nGood:\n{_indent(good)}\n"
        cls = type(f"Engine{code}", (Rule,), {
            "__doc__": doc, "code": code, "name": name, "severity": severity, "checks": False,
        })
        RULES[code] = cls


_register()
