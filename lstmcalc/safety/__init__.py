"""The trust boundary: everything from the input is untrusted.

- `text`: one sanitizer for text going out, per output kind.
- `reading`: bounded reads (a byte cap on every read, streamed decompression caps).
- `writing`: the one atomic writer; nothing is overwritten without consent.
- `limits`: the caps shared across stages (each stage keeps its own MAX_* beside its code).
"""
