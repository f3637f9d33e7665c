"""Teaching helpers: explanations with real numbers, the call parser for calc and the REPL."""
