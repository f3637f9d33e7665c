"""`lstmcalc cost` reports -> text (rich), JSON, Markdown or HTML; one function per format.

Every name from the input passes the sanitizer (safety/text.py) first. The memory
breakdown is drawn as bars: rich's in the terminal, block characters in Markdown, sized
<div>s in HTML. docs/cost.md documents the JSON keys.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lstmcalc import sizes
from lstmcalc.cost.estimate import LayerCost
from lstmcalc.cost.report import Cost
from lstmcalc.safety.text import markdown_cell, visible

if TYPE_CHECKING:  # formulas (fractions) and conventions load only when a report has them (start-up)
    from lstmcalc.cost.conventions import ConventionCount
    from lstmcalc.cost.poly import Poly

BAR_WIDTH = 40
CONVENTION_NOTE = ("MACs: multiply-accumulates of matrix products, convolutions and attention contractions; "
                   "FLOPs: 2 x MACs plus element-wise work (docs/cost.md); one sample unless it says batch.")


# --- numbers ----------------------------------------------------------------------------------------------
def size_text(size: int | None) -> str:
    return "?" if size is None else sizes.size_text(size)


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def _formula(cost: Cost, row: str, field: str) -> Poly | None:
    if cost.formulas is None:
        return None
    return cost.formulas.get(row, {}).get(field)


def cell(cost: Cost, row: str, field: str, value: int | None, *, size: bool = False) -> str:
    """A count as text: the number, or its formula in T when the model's length is free."""
    if cost.formulas is not None:
        poly = _formula(cost, row, field)
        if poly is None:
            return "?"
        if poly.value is not None:
            return size_text(poly.value) if size else f"{poly.value:,}"
        return _size_poly(poly) if size else poly.text()
    return size_text(value) if size else _count(value)


def _size_poly(poly: Poly) -> str:
    parts = []
    for power in range(poly.degree, -1, -1):
        c = poly.coefficient(power)
        if c:
            unit = "" if power == 0 else "·T" if power == 1 else "·T²"
            parts.append(f"{size_text(int(c))}{unit}")
    return " + ".join(parts) + poly.range_text()


def _layer_label(layer: LayerCost) -> str:
    return f"{visible(layer.name, 60)} ({visible(layer.type, 40)})"


def _columns(cost: Cost) -> list[tuple[str, str, bool]]:
    """(heading, field, is a size) of the per-layer table."""
    cols = [("MACs", "macs", False), ("FLOPs fwd", "forward_flops", False)]
    if cost.options.training:
        cols.append(("FLOPs bwd", "backward_flops", False))
    cols.append(("Param bytes", "param_bytes", True))
    if cost.options.training:
        cols += [("Grad bytes", "gradient_bytes", True), ("Optimizer bytes", "optimizer_bytes", True),
                 ("Saved activations", "saved_bytes", True)]
    return cols


def _layer_value(cost: Cost, layer: LayerCost, field: str) -> int | None:
    if field == "saved_bytes":
        return None if layer.saved_values is None else layer.saved_values * _act_bytes(cost) * cost.options.batch
    value: int | None = getattr(layer, field)
    return value


def _act_bytes(cost: Cost) -> int:
    from lstmcalc.cost.estimate import PRECISIONS

    return PRECISIONS[cost.options.precision][1]


def layer_cells(cost: Cost, layer: LayerCost) -> list[str]:
    out = []
    for _heading, field, is_size in _columns(cost):
        if field == "saved_bytes" and cost.formulas is not None:
            poly = _formula(cost, layer.name, "saved_values")
            scaled = None if poly is None else poly.times(_act_bytes(cost) * cost.options.batch)
            out.append("?" if scaled is None else _size_poly(scaled) if scaled.degree > 0 else
                       size_text(scaled.value))
            continue
        out.append(cell(cost, layer.name, field, _layer_value(cost, layer, field), size=is_size))
    return out


def _totals_cells(cost: Cost) -> list[str]:
    t = cost.totals
    values = {"macs": t.macs, "forward_flops": t.forward_flops, "backward_flops": t.backward_flops,
              "param_bytes": t.param_bytes, "gradient_bytes": t.gradient_bytes, "optimizer_bytes": t.optimizer_bytes,
              "saved_bytes": t.activation_bytes}
    fields = {"saved_bytes": "activation_bytes"}
    return [cell(cost, "", fields.get(f, f), values[f], size=s) for _h, f, s in _columns(cost)]


def headline(cost: Cost) -> list[str]:
    """The lines under the table: FLOPs per sample and batch, peaks, what T is."""
    t, o = cost.totals, cost.options
    lines = []
    if cost.reason:
        return [f"Cannot count: {visible(cost.reason, 300)}"]
    if cost.formulas is not None:
        lines.append("Variable length: every count is a formula in T, the length of the inputs' unknown axes "
                     "(give --timesteps T for numbers).")
    elif cost.timesteps is not None:
        lines.append(f"Variable axes set to T = {cost.timesteps:,} (--timesteps).")
    batch = o.batch
    fields = [("MACs", "macs", t.macs), ("FLOPs forward", "forward_flops", t.forward_flops)]
    if o.training:
        fields += [("FLOPs backward", "backward_flops", t.backward_flops),
                   ("FLOPs training step", "train_flops", t.train_flops)]
    for label, field, value in fields:
        per_sample = cell(cost, "", field, value)
        per_batch = _scaled(cost, field, value, batch)
        lines.append(f"{label}: {per_sample} per sample" + (f", {per_batch} per batch of {batch:,}" if batch > 1
                                                             else ""))
    lines.append(f"Peak memory, inference (batch {batch:,}): "
                 f"{cell(cost, '', 'inference_peak_bytes', t.inference_peak_bytes, size=True)}")
    if o.training:
        lines.append(f"Peak memory, training step (batch {batch:,}, {o.optimizer}, {o.precision}): "
                     f"{cell(cost, '', 'train_peak_bytes', t.train_peak_bytes, size=True)}")
    unknown = [layer for layer in cost.layers if layer.reason]
    for layer in unknown:
        lines.append(f"Unknown for {visible(layer.name, 60)}: {_reason_text(layer.reason)}")
    return lines


def _reason_text(reason: str) -> str:
    from lstmcalc.engine.macs import WHY

    return WHY.get(reason, visible(reason, 200)) + "; the totals that need it are unknown"


_ONCE = {"macs": ("call_macs",), "forward_flops": ("forward_call_flops",), "backward_flops": ("backward_call_flops",),
         "train_flops": ("forward_call_flops", "backward_call_flops")}


def _scaled(cost: Cost, field: str, value: int | None, factor: int) -> str:
    """A per-sample count for the batch: FACTOR x the per-sample work + what runs once per call."""
    once_fields = _ONCE.get(field, ())
    if cost.formulas is not None:
        poly = _formula(cost, "", field)
        onces = [_formula(cost, "", f) for f in once_fields]
        if poly is None or any(p is None for p in onces):
            return "?"
        return poly.times(factor).minus(*(o.times(factor - 1) for o in onces if o is not None)).text()
    counted = cost.totals.per_batch(value, tuple(getattr(cost.totals, f) for f in once_fields), factor)
    return "?" if counted is None else f"{counted:,}"


def breakdown(cost: Cost) -> list[tuple[str, int | None, str]]:
    """(part, bytes, formula text) of the peak memory: inference, or a training step's."""
    t = cost.totals
    act = None
    if cost.options.training:
        parts = [("Weights", "param_bytes", t.param_bytes), ("Gradients", "gradient_bytes", t.gradient_bytes),
                 ("Optimizer state", "optimizer_bytes", t.optimizer_bytes),
                 ("Activations kept", "activation_bytes", t.activation_bytes),
                 ("Batch and loss", "batch_bytes", t.batch_bytes)]
        peak = ("train_peak_bytes", t.train_peak_bytes)
    else:
        parts = [("Weights", "param_bytes", t.param_bytes)]
        peak = ("inference_peak_bytes", t.inference_peak_bytes)
    known = [v for _l, _f, v in parts]
    total = peak[1]
    if total is not None and all(v is not None for v in known):
        act = total - sum(v for v in known if v is not None)
    label = "Gradients in flight" if cost.options.training else "Activations (live)"
    rows = [(name, value, cell(cost, "", field, value, size=True)) for name, field, value in parts]
    rest = size_text(act)
    if cost.formulas is not None:  # the peak's formula less the parts'
        polys = [_formula(cost, "", field) for _n, field, _v in parts]
        whole = _formula(cost, "", peak[0])
        rest = "?"
        if whole is not None and all(p is not None for p in polys):
            left = whole.minus(*(p for p in polys if p is not None))
            rest = _size_poly(left) if left.coefficients else "0 B"
    rows.append((label, act, rest))
    return rows


def bar(value: int | None, total: int | None, width: int = BAR_WIDTH) -> str:
    if value is None or not total:
        return ""
    whole, eighths = divmod(value * width * 8 // total, 8)
    return "█" * whole + ("▏▎▍▌▋▊▉"[eighths - 1] if eighths else "")


def _bars(cost: Cost) -> tuple[list[tuple[str, str, str]], str]:
    rows = breakdown(cost)
    known = [v for _n, v, _t in rows if v is not None]
    total = sum(known) if len(known) == len(rows) else None
    title = "Training step memory" if cost.options.training else "Inference memory"
    return [(name, text, bar(value, total)) for name, value, text in rows], title


def running_line(cost: Cost) -> str:
    """One line for the calculator under its table: what the model costs so far."""
    t = cost.totals
    macs = cell(cost, "", "macs", t.macs)
    flops = cell(cost, "", "forward_flops", t.forward_flops)
    peak = cell(cost, "", "inference_peak_bytes", t.inference_peak_bytes, size=True)
    return f"Cost so far: {macs} MACs, {flops} FLOPs per sample (forward); inference peak {peak} at batch 1" + (
        " (T: the length of variable axes)" if cost.formulas is not None else "") + "; `lstmcalc cost` for more"


def running_sums_line(macs: int | None, flops: int | None) -> str:
    """The calculator's line for a large session, counted layer by layer as it grows."""
    return f"Cost so far: {_count(macs)} MACs, {_count(flops)} FLOPs per sample (forward); `lstmcalc cost` for more"


# --- formats ----------------------------------------------------------------------------------------------
def render_text(costs: list[Cost], out: Any, color: bool | None = None) -> None:
    """A rich table per model, the totals under it, and the memory bars."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # wide enough for any table: a count is never cut to fit a terminal (lines are not wrapped either)
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False, width=1000)
    for cost in costs:
        console.print(Text(f'Cost: "{visible(cost.name, 80)}" {_options_line(cost)}'), soft_wrap=True)
        table = Table(show_lines=False)
        table.add_column("Layer (type)", no_wrap=True)
        for heading, _f, _s in _columns(cost):
            table.add_column(heading, justify="right", no_wrap=True)
        for layer in cost.layers:
            table.add_row(Text(_layer_label(layer)), *[Text(c) for c in layer_cells(cost, layer)])
        table.add_row(Text("Total"), *[Text(c) for c in _totals_cells(cost)], end_section=True)
        console.print(table, soft_wrap=True)
        for line in headline(cost):
            console.print(Text(" " + line), soft_wrap=True)
        rows, title = _bars(cost)
        console.print(Text(f" {title}:"), soft_wrap=True)
        width = max(len(n) for n, _t, _b in rows)
        for name, text, drawn in rows:
            console.print(Text(f"   {name.ljust(width)}  {text:>12}  {drawn}".rstrip()), soft_wrap=True)
        if cost.formulas is not None:
            console.print(Text("   (bars need numbers: give --timesteps T)"), soft_wrap=True)
        for line in convention_lines(cost):
            console.print(Text(" " + line), soft_wrap=True)
        console.print(Text(" " + CONVENTION_NOTE), style="dim", soft_wrap=True)


def _options_line(cost: Cost) -> str:
    o = cost.options
    parts = [f"batch {o.batch:,}", o.precision]
    if o.training:
        parts.append(f"training, {o.optimizer}")
    parts.append(f"Keras {cost.keras}")
    return "(" + ", ".join(parts) + ")"


def _theirs(layer: LayerCost) -> int | None:
    count = layer.convention
    if count is None:
        return None
    return count.macs if count.headline == "macs" else count.flops


def convention_lines(cost: Cost) -> list[str]:
    """Under --convention TOOL: what TOOL would report, layer by layer, and why it differs."""
    name = cost.options.convention
    if name == "lstmcalc" or not cost.layers:
        return []
    unit, rows, reasons = _convention_rows(cost)
    *layers, (_total, theirs, ours) = rows
    lines = [f"As {name} reports it: {theirs} {unit} in total (lstmcalc: {ours} MACs, "
             f"{_count(cost.totals.forward_flops)} FLOPs)."]
    lines += [f"  {label}: {value} {unit}" + (f" (lstmcalc: {mine} MACs)" if mine != value else "")
              for label, value, mine in layers]
    lines.append(f"Why {name} differs:")
    lines.extend(f"  - {visible(n, 2000)}" for n in reasons)
    return lines


def convention_data(cost: Cost) -> dict[str, Any] | None:
    name = cost.options.convention
    if name == "lstmcalc":
        return None
    from lstmcalc.cost.conventions import DIFFERENCES

    layers = [{"name": visible(layer.name), "macs": count.macs, "flops": count.flops, "headline": count.headline,
               "notes": [visible(n) for n in count.notes]}
              for layer, count in _counted(cost)]
    values = [e["macs"] for e in layers]
    flops = [e["flops"] for e in layers]
    return {"name": name, "layers": layers,
            "macs": None if any(v is None for v in values) else sum(values),
            "flops": None if any(v is None for v in flops) else sum(flops),
            "differences": list(DIFFERENCES.get(name, ()))}


def _poly_json(poly: Poly | None) -> Any:
    """{"T^k": coefficient, ...}, with "from_T" when the formula holds only from that length."""
    if poly is None:
        return None
    terms: dict[str, Any] = {f"T^{i}": (int(c) if c.denominator == 1 else float(c))
                             for i, c in enumerate(poly.coefficients) if c}
    if poly.valid_from > 1 and poly.degree > 0:
        terms["from_T"] = poly.valid_from
    return terms


def to_data(cost: Cost) -> dict[str, Any]:
    """The JSON object of one report (docs/cost.md lists every key)."""
    o = cost.options
    batch = o.batch
    t = cost.totals
    act = _act_bytes(cost)

    def times(v: int | None, *once: int | None) -> int | None:
        return t.per_batch(v, once, batch)

    data: dict[str, Any] = {
        "model": visible(cost.name), "path": visible(cost.path), "keras": cost.keras,
        "options": {"batch": batch, "timesteps": o.timesteps, "training": o.training,
                    "optimizer": o.optimizer if o.training else None, "precision": o.precision,
                    "convention": o.convention},
        "variable_length": cost.variable, "timesteps": cost.timesteps,
        "layers": [],
        "totals": {
            "macs": t.macs, "forward_flops": t.forward_flops,
            "backward_flops": t.backward_flops if o.training else None,
            "train_flops": t.train_flops if o.training else None,
            "per_batch": {"macs": times(t.macs, t.call_macs), "forward_flops": times(t.forward_flops, t.forward_call_flops),
                          "backward_flops": times(t.backward_flops, t.backward_call_flops) if o.training else None,
                          "train_flops": times(t.train_flops, t.forward_call_flops, t.backward_call_flops)
                          if o.training else None},
            "param_bytes": t.param_bytes,
            "gradient_bytes": t.gradient_bytes if o.training else None,
            "optimizer_values": t.optimizer_values if o.training else None,
            "optimizer_bytes": t.optimizer_bytes if o.training else None,
            "activation_bytes": t.activation_bytes if o.training else None,
            "batch_bytes": t.batch_bytes if o.training else None,
            "inference_peak_bytes": t.inference_peak_bytes,
            "train_peak_bytes": t.train_peak_bytes if o.training else None,
        },
    }
    if cost.reason:
        data["error"] = visible(cost.reason, 500)
    for layer in cost.layers:
        entry: dict[str, Any] = {
            "name": visible(layer.name), "type": visible(layer.type), "calls": layer.calls,
            "macs": layer.macs, "forward_flops": layer.forward_flops, "elementwise_flops": layer.elementwise,
            "elementwise_ops": dict(layer.ops),
            "params": layer.params, "trainable_params": layer.trainable, "param_bytes": layer.param_bytes,
            "output_values": layer.output_values,
        }
        if o.training:
            entry.update({"backward_macs": layer.backward_macs, "backward_flops": layer.backward_flops,
                          "gradient_bytes": layer.gradient_bytes, "optimizer_bytes": layer.optimizer_bytes,
                          "saved_values": layer.saved_values,
                          "saved_bytes": None if layer.saved_values is None else layer.saved_values * act * batch})
        if layer.reason:
            entry["unknown"] = layer.reason
        if cost.formulas is not None:
            named = {("elementwise_flops" if k == "elementwise" else k): v
                     for k, v in cost.formulas.get(layer.name, {}).items()}
            entry["formulas"] = {k: _poly_json(v) for k, v in named.items() if k in entry}
        data["layers"].append(entry)
    if cost.formulas is not None:
        data["formulas"] = {k: _poly_json(v) for k, v in cost.formulas.get("", {}).items() if k in data["totals"]}
    convention = convention_data(cost)
    if convention is not None:
        data["convention"] = convention
    return data


def render_json(costs: list[Cost], out: Any, color: bool | None = None) -> None:
    out.write(json.dumps([to_data(c) for c in costs], indent=2) + "\n")


def render_markdown(costs: list[Cost], out: Any, color: bool | None = None) -> None:
    for cost in costs:
        out.write(f"## Cost of {markdown_cell(cost.name, 80)}\n\n{markdown_cell(_options_line(cost))}\n\n")
        headings = ["Layer (type)", *[h for h, _f, _s in _columns(cost)]]
        out.write("| " + " | ".join(headings) + " |\n")
        out.write("|" + "|".join([":---", *["---:"] * (len(headings) - 1)]) + "|\n")
        for layer in cost.layers:
            out.write("| " + " | ".join([markdown_cell(_layer_label(layer)), *layer_cells(cost, layer)]) + " |\n")
        out.write("| **Total** | " + " | ".join(f"**{c}**" for c in _totals_cells(cost)) + " |\n\n")
        for line in headline(cost):
            out.write(f"- {markdown_cell(line)}\n")
        rows, title = _bars(cost)
        out.write(f"\n**{title}**\n\n```text\n")
        width = max(len(n) for n, _t, _b in rows)
        for name, text, drawn in rows:
            out.write(f"{name.ljust(width)}  {text:>12}  {drawn}".rstrip() + "\n")
        out.write("```\n\n")
        if cost.formulas is not None:
            out.write("(bars need numbers: give --timesteps T)\n\n")
        out.write(_convention_markdown(cost))
        out.write(f"_{CONVENTION_NOTE}_\n\n")


_CSS = ("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:.25em .6em}"
        "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
        "tr.total td{font-weight:bold;border-top:2px solid #444}.bar{background:#4a7fb5;height:1em;display:inline-block}"
        ".bars td{border:none;padding:.15em .6em}.note{color:#666;font-size:.9em}")


def render_html(costs: list[Cost], out: Any, color: bool | None = None) -> None:
    def e(text: object) -> str:
        return html.escape(visible(text))

    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>lstmcalc cost</title><style>{_CSS}</style></head><body>"]
    for cost in costs:
        parts.append(f"<h2>Cost of {e(cost.name)}</h2><p>{e(_options_line(cost))}</p>")
        heads = "".join(f"<th>{e(h)}</th>" for h, _f, _s in _columns(cost))
        parts.append(f"<table><thead><tr><th>Layer (type)</th>{heads}</tr></thead><tbody>")
        for layer in cost.layers:
            cells = "".join(f'<td class="n">{e(c)}</td>' for c in layer_cells(cost, layer))
            parts.append(f"<tr><td>{e(_layer_label(layer))}</td>{cells}</tr>")
        cells = "".join(f'<td class="n">{e(c)}</td>' for c in _totals_cells(cost))
        parts.append(f'<tr class="total"><td>Total</td>{cells}</tr></tbody></table><ul>')
        parts.extend(f"<li>{e(line)}</li>" for line in headline(cost))
        _rows, title = _bars(cost)
        parts.append(f'</ul><h3>{e(title)}</h3><table class="bars">')
        values = breakdown(cost)
        known = [v for _n, v, _t in values if v is not None]
        total = sum(known) if len(known) == len(values) else 0
        for name, value, text in values:
            width = 0.0 if not total or value is None else 100 * value / total
            parts.append(f'<tr><td>{e(name)}</td><td class="n">{e(text)}</td>'
                         f'<td style="width:24em"><span class="bar" style="width:{width:.1f}%"></span></td></tr>')
        parts.append("</table>")
        if cost.formulas is not None:
            parts.append('<p class="note">(bars need numbers: give --timesteps T)</p>')
        parts.extend(_convention_html(cost, e))
        parts.append(f'<p class="note">{e(CONVENTION_NOTE)}</p>')
    parts.append("</body></html>\n")
    out.write("\n".join(parts))


def _counted(cost: Cost) -> list[tuple[LayerCost, ConventionCount]]:
    return [(layer, layer.convention) for layer in cost.layers if layer.convention is not None]


def _convention_rows(cost: Cost) -> tuple[str, list[tuple[str, str, str]], list[str]]:
    """(unit, [(layer, theirs, lstmcalc MACs)], reasons) of --convention, for the handouts."""
    from lstmcalc.cost.conventions import DIFFERENCES

    counted = _counted(cost)
    unit = counted[0][1].headline.upper().replace("MACS", "MACs") if counted else "MACs"
    rows = [(_layer_label(layer), _count(_theirs(layer)), _count(layer.macs)) for layer, _c in counted]
    values = [_theirs(layer) for layer, _c in counted]
    total = None if any(v is None for v in values) else sum(v for v in values if v is not None)
    rows.append(("Total", _count(total), _count(cost.totals.macs)))
    notes = list(dict.fromkeys(n for _layer, count in counted for n in count.notes))
    return unit, rows, [*DIFFERENCES.get(cost.options.convention, ()), *notes]


def _convention_markdown(cost: Cost) -> str:
    name = cost.options.convention
    if name == "lstmcalc" or not cost.layers:
        return ""
    unit, rows, reasons = _convention_rows(cost)
    out = [f"**As {markdown_cell(name)} reports it** ({unit})", "", f"| Layer (type) | {markdown_cell(name)} | lstmcalc MACs |",
           "|:---|---:|---:|"]
    out += [f"| {markdown_cell(a)} | {b} | {c} |" for a, b, c in rows]
    out += ["", f"Why {markdown_cell(name)} differs:", ""]
    out += [f"- {markdown_cell(r)}" for r in reasons]
    return "\n".join(out) + "\n\n"


def _convention_html(cost: Cost, e: Callable[[object], str]) -> list[str]:
    name = cost.options.convention
    if name == "lstmcalc" or not cost.layers:
        return []
    unit, rows, reasons = _convention_rows(cost)
    out = [f"<h3>As {e(name)} reports it ({e(unit)})</h3>",
           f"<table><thead><tr><th>Layer (type)</th><th>{e(name)}</th><th>lstmcalc MACs</th></tr></thead><tbody>"]
    out += [f'<tr><td>{e(a)}</td><td class="n">{e(b)}</td><td class="n">{e(c)}</td></tr>' for a, b, c in rows]
    out += [f"</tbody></table><p>Why {e(name)} differs:</p><ul>"]
    out += [f"<li>{e(r)}</li>" for r in reasons]
    return [*out, "</ul>"]


RENDERERS: dict[str, Callable[[list[Cost], Any, bool | None], None]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
