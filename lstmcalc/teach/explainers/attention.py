"""`explain` for Attention, AdditiveAttention and MultiHeadAttention."""

from __future__ import annotations

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer
from lstmcalc.teach.explain import Parts, explains, fmt


def _size(shape: tuple[int, ...]) -> str:
    return " × ".join(str(d) for d in shape) if shape else "1"


def _scores_note(layer: Layer, result: LayerResult) -> tuple[str, ...]:
    notes = []
    if layer.__dict__.get("return_attention_scores") and len(result.outputs) > 1:
        notes.append(f"return_attention_scores=True: a second output, the attention weights "
                     f"{fmt(result.outputs[1])}")
    if layer.__dict__.get("use_causal_mask"):
        notes.append("use_causal_mask=True: each query position attends only to key positions up to its own")
    if layer.__dict__.get("dropout"):
        notes.append(f"dropout={layer.__dict__['dropout']} on the attention weights while training only")
    return tuple(notes)


@explains("Attention", "AdditiveAttention")
def _attention(layer: Layer, result: LayerResult) -> Parts:
    additive = layer.type_name == "AdditiveAttention"
    score = ("sum(scale × tanh(query + key))" if additive else
             "concat_score_weight × sum(tanh(query + key))" if layer.__dict__.get("score_mode") == "concat"
             else "query · keyᵀ")
    why = (f"scores = {score} for every (query step, key step) pair, softmax over the key steps, then the "
           f"weighted sum of the value steps → {fmt(result.output_shape)}")
    labels = {"scale": "learned scale of the scores" + (", one per feature" if additive else ""),
              "concat_score_weight": "learned weight of the concat scores"}
    formula = " + ".join(_size(w.shape) for w in result.weights)
    return Parts(why, formula, labels, _scores_note(layer, result), None, None)


@explains("MultiHeadAttention")
def _multi_head(layer: Layer, result: LayerResult) -> Parts:
    heads, key_dim = layer.__dict__["num_heads"], layer.__dict__["key_dim"]
    value_dim = layer.__dict__.get("value_dim") or key_dim
    why = (f"projects query and key to {heads} heads of {key_dim} and value to {heads} heads of {value_dim} "
           f"(EinsumDense), scaled dot-product attention per head, then projects the heads back → "
           f"{fmt(result.output_shape)}")
    labels = {
        "query/kernel": f"query features → {heads} heads × {key_dim}", "query/bias": "query projection bias",
        "key/kernel": f"key features → {heads} heads × {key_dim}", "key/bias": "key projection bias",
        "value/kernel": f"value features → {heads} heads × {value_dim}", "value/bias": "value projection bias",
        "gate/kernel": f"query features → {heads} heads × {value_dim} sigmoid gate", "gate/bias": "gate bias",
        "attention_output/kernel": f"{heads} heads × {value_dim} → output features",
        "attention_output/bias": "output projection bias",
    }
    formula = " + ".join(_size(w.shape) for w in result.weights)
    return Parts(why, formula, labels, _scores_note(layer, result), None, None)
