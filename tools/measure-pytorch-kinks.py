#!/usr/bin/python3
"""Measure what PyTorch returns as the derivative at the kink points of
piecewise primitives, and print the table as JSON on stdout.

The output is the test fixture clarke-core/src/test/resources/pytorch-kinks.json,
which pins down the `pytorch` kink policy preset of Clarke. Regenerate with:

    /usr/bin/python3 tools/measure-pytorch-kinks.py \
        > clarke-core/src/test/resources/pytorch-kinks.json

Prerequisite (Debian's PyTorch 1.13, not a pip/pyenv one):

    sudo apt-get install -y python3-torch

Every case is measured with torch.autograd.grad on scalar float64 tensors that
require grad; the same expression is then measured again in float32 and the
result is stored as "grad_f32" only where it differs from the float64 gradient
(after rounding that gradient to float32, so mere precision differences are
not reported).

Each case records:
  family     primitive id (relu, clamp, reduce_max, ...)
  expr       the exact Python expression evaluated (names: torch, F, x, y,
             and x0, x1, x2 for the elements of the list input "xs")
  inputs     {"x": .., "y": ..}, {"xs": [..]}, or {"grid": [[..], ..]} (max_pool2d:
             one H x W image, used as x of shape [1, 1, H, W])
  value      the forward value (float64)
  grad       d(value)/d(input), same shape as "inputs"
  kink       the kink point the input sits on, or null for a control point
  kinkIndex  index of that kink among the primitive's kink points in
             ascending order (0 for single-kink families and for the
             periodic step functions floor/round; 1 for max_pool2d, Clarke's
             kink index of a reduction along an axis); null for control points
  control    true for smooth (non-kink) control points used as sanity checks
             (the where case at x = -1 has kink null and control false)
  note       free text, only where a case needs explaining
  params     primitive parameters (slope, bounds, exponent) where relevant
  variant    "all" or "dim" for the reductions
Non-finite numbers are written as the strings "inf", "-inf" and "nan";
None gradients (input not reached by autograd) would be written as null.
"""

import json
import math
import subprocess
import sys

import torch
import torch.nn.functional as F


# ---------------------------------------------------------------------------
# Case table
# ---------------------------------------------------------------------------

CASES = []


def case(family, expr, inputs, kink=None, kink_index=None, control=None, **extra):
    """Register one measurement. kink=None marks a non-kink control point
    unless control=False is given explicitly."""
    entry = {"family": family, "expr": expr, "inputs": inputs}
    entry["kink"] = kink
    entry["kinkIndex"] = kink_index if kink is not None else None
    entry["control"] = (kink is None) if control is None else control
    entry.update(extra)
    CASES.append(entry)


def unary(family, expr, kinks, controls, **extra):
    """Unary primitive: kinks is a list of (x, kink, kinkIndex), controls a list of x."""
    for x, kink, index in kinks:
        case(family, expr, {"x": x}, kink, index, **extra)
    for x in controls:
        case(family, expr, {"x": x}, **extra)


# relu: kink at 0 (also probe the signed zero).
unary("relu", "torch.relu(x)",
      [(0.0, 0.0, 0), (-0.0, 0.0, 0)], [2.0, -2.0])

# leaky_relu with two slopes: kink at 0.
for slope in (0.01, 0.2):
    unary("leaky_relu", "F.leaky_relu(x, %r)" % slope,
          [(0.0, 0.0, 0)], [2.0, -2.0], params={"negativeSlope": slope})

# abs: kink at 0 (also -0.0).
unary("abs", "torch.abs(x)",
      [(0.0, 0.0, 0), (-0.0, 0.0, 0)], [2.0, -2.0])

# sign: jump at 0.
unary("sign", "torch.sign(x)", [(0.0, 0.0, 0)], [2.0, -2.0])

# Binary max/min: the kink is the tie x == y.
for family, fn in (("max", "torch.maximum"), ("min", "torch.minimum")):
    expr = "%s(x, y)" % fn
    for tie in (1.0, 0.0):
        case(family, expr, {"x": tie, "y": tie}, tie, 0)
    case(family, expr, {"x": 2.0, "y": 1.0})
    case(family, expr, {"x": 1.0, "y": 2.0})

# Reductions over a 3-element list, whole-tensor ("all") and along dim 0 ("dim").
for family, op in (("reduce_max", "max"), ("reduce_min", "min")):
    for variant, expr in (("all", "torch.stack([x0, x1, x2]).%s()" % op),
                          ("dim", "torch.stack([x0, x1, x2]).%s(dim=0).values" % op)):
        ties = [[1.0, 1.0, 0.0], [2.0, 2.0, 2.0]]
        if op == "min":
            # Put the tie on the minimum: [1, 1, 2] has min 1 twice.
            ties = [[1.0, 1.0, 2.0], [2.0, 2.0, 2.0]]
        for xs in ties:
            case(family, expr, {"xs": xs}, min(xs) if op == "min" else max(xs), 0,
                 variant=variant)
        # Controls: distinct values, and a tie that is not at the extremum.
        case(family, expr, {"xs": [3.0, 1.0, 2.0]}, variant=variant)
        case(family, expr, {"xs": [1.0, 1.0, 0.0] if op == "min" else [1.0, 1.0, 2.0]},
             variant=variant)

# Max pooling: a tie in a window is a reduce_max kink along the window. "grid" is one
# [1, 1, H, W] image; the gradient is that of the SUM of the pooled outputs, so an element
# that wins k (overlapping) windows gets k. Measured: blank windows, a tie that is not at the
# window's first element, overlapping windows (stride < kernel), padding (the padded border is
# -inf, so a window's first element is its first element inside the image), ceil_mode.
POOL = "F.max_pool2d(x, %d, stride=%d, padding=%d, ceil_mode=%s).sum()"
for grid, k, s, pad, ceil in (
        ([[0.0, 0.0], [0.0, 0.0]], 2, 2, 0, False),
        ([[0.0, 1.0], [1.0, 1.0]], 2, 2, 0, False),
        ([[0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0]], 2, 1, 0, False),
        ([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], 3, 2, 1, False),
        ([[-1.0, -1.0, -1.0], [-1.0, -1.0, -1.0], [-1.0, -1.0, -1.0]], 3, 2, 1, False),
        ([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], 2, 2, 0, True),
        ([[2.0, 3.0], [1.0, 0.0]], 2, 2, 0, False)):
    distinct = len({v for row in grid for v in row}) == k * k
    case("max_pool2d", POOL % (k, s, pad, ceil), {"grid": grid},
         None if distinct else max(map(max, grid)), None if distinct else 1,
         params={"kernel": k, "stride": s, "padding": pad, "ceilMode": ceil})

# clamp(x, lo, hi): kinks lo (index 0) and hi (index 1).
for lo, hi, controls in ((0, 1, [0.5, -1.0, 2.0]), (-2, 3, [0.0, -3.0, 4.0])):
    unary("clamp", "torch.clamp(x, %d, %d)" % (lo, hi),
          [(float(lo), float(lo), 0), (float(hi), float(hi), 1)], controls,
          params={"min": float(lo), "max": float(hi)})

# One-sided clamps (ONNX Clip with one bound): clamp_min(x, lo) = max(x, lo), clamp_max(x, hi) =
# min(x, hi); one kink each. PyTorch's backward passes the gradient where x >= lo (resp. x <= hi).
for lo, controls in ((0, [1.0, -1.0]), (-2, [0.0, -3.0])):
    unary("clamp_min", "torch.clamp(x, min=%d)" % lo, [(float(lo), float(lo), 0)], controls,
          params={"min": float(lo)})
for hi, controls in ((0, [1.0, -1.0]), (3, [0.0, 4.0])):
    unary("clamp_max", "torch.clamp(x, max=%d)" % hi, [(float(hi), float(hi), 0)], controls,
          params={"max": float(hi)})

# hardtanh (default bounds -1, 1).
unary("hardtanh", "F.hardtanh(x)",
      [(-1.0, -1.0, 0), (1.0, 1.0, 1)], [0.0, -2.0, 2.0])

# relu6: kinks 0 and 6.
unary("relu6", "F.relu6(x)",
      [(0.0, 0.0, 0), (6.0, 6.0, 1)], [3.0, -1.0, 7.0])

# hardsigmoid / hardswish: kinks -3 and 3.
for family in ("hardsigmoid", "hardswish"):
    unary(family, "F.%s(x)" % family,
          [(-3.0, -3.0, 0), (3.0, 3.0, 1)], [0.0, -4.0, 4.0])

# softshrink / hardshrink with two thresholds: kinks -lambda (index 0) and lambda (index 1).
for family in ("softshrink", "hardshrink"):
    for lam in (0.5, 2.0):
        unary(family, "F.%s(x, %r)" % (family, lam),
              [(-lam, -lam, 0), (lam, lam, 1)], [0.0, -3.0, 3.0], params={"lambda": lam})

# elu: a kink at 0 unless alpha = 1.
for alpha in (2.0, 0.5):
    unary("elu", "F.elu(x, %r)" % alpha, [(0.0, 0.0, 0), (-0.0, 0.0, 0)], [1.0, -1.0],
          params={"alpha": alpha})

# Degenerate parameter values, where two kinks merge or a kink disappears. clamp with lo = hi is
# the constant lo, yet PyTorch's backward passes the gradient where lo <= x <= hi (1 at x = lo);
# leaky_relu with slope 1 is the identity, with slope 0 relu; elu with alpha = 1 is C1 (no kink),
# with alpha = 0 relu; softshrink / hardshrink with lambda = 0 have both kinks at 0.
unary("clamp", "torch.clamp(x, 2, 2)", [(2.0, 2.0, 0)], [1.0, 3.0],
      params={"min": 2.0, "max": 2.0}, note="degenerate: lo = hi")
for slope in (1.0, 0.0):
    unary("leaky_relu", "F.leaky_relu(x, %r)" % slope, [(0.0, 0.0, 0), (-0.0, 0.0, 0)], [2.0, -2.0],
          params={"negativeSlope": slope}, note="degenerate slope")
for alpha in (1.0, 0.0):
    unary("elu", "F.elu(x, %r)" % alpha, [(0.0, 0.0, 0), (-0.0, 0.0, 0)], [1.0, -1.0],
          params={"alpha": alpha}, note="degenerate alpha")
for family in ("softshrink", "hardshrink"):
    unary(family, "F.%s(x, 0.0)" % family, [(0.0, 0.0, 0), (-0.0, 0.0, 0)], [-3.0, 3.0],
          params={"lambda": 0.0}, note="degenerate: lambda = 0, both kinks at 0")

# floor: jumps at every integer; 0.5 is a control point.
unary("floor", "torch.floor(x)", [(1.0, 1.0, 0)], [0.5, 1.3])

# round: jumps at every half-integer (PyTorch rounds half to even).
unary("round", "torch.round(x)",
      [(0.5, 0.5, 0), (1.5, 1.5, 0), (2.5, 2.5, 0)], [1.3, 1.0])

# sqrt and fractional powers: infinite slope at 0.
unary("sqrt", "torch.sqrt(x)", [(0.0, 0.0, 0)], [4.0])
unary("pow", "x ** 0.5", [(0.0, 0.0, 0)], [4.0], params={"exponent": 0.5})
unary("pow", "x ** (1 / 3)", [(0.0, 0.0, 0)], [8.0], params={"exponent": 1 / 3})

# Euclidean norm at the origin (sqrt of a sum of squares).
case("norm", "torch.sqrt(x * x + y * y)", {"x": 0.0, "y": 0.0}, 0.0, 0)
case("norm", "torch.sqrt(x * x + y * y)", {"x": 3.0, "y": 4.0})

# torch.where with an unsafe branch: the classic NaN-through-where gradient.
# x = -1 is not on the switch point (0) but in the region where the
# unselected branch sqrt(x) is NaN, so it is neither a kink nor a control.
WHERE = "torch.where(x > 0, torch.sqrt(x), torch.zeros_like(x))"
case("where", WHERE, {"x": -1.0}, control=False,
     note="off-kink: unselected branch sqrt(-1) is NaN")
case("where", WHERE, {"x": 4.0})


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

def encode(v):
    """JSON-safe float: non-finite numbers become strings, None stays null."""
    if v is None:
        return None
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def measure(entry, dtype):
    """Evaluate entry["expr"] in dtype and return (value, grads) as floats.

    grads has the same shape as entry["inputs"]: a dict of floats, with a
    list for "xs".
    """
    inputs = entry["inputs"]
    leaves = {}    # input name -> leaf tensor, or list of leaf tensors for xs
    scope = {"torch": torch, "F": F}
    for name, val in inputs.items():
        if name == "grid":
            leaves[name] = torch.tensor([[val]], dtype=dtype, requires_grad=True)
            scope["x"] = leaves[name]
            continue
        if isinstance(val, list):
            leaves[name] = [torch.tensor(v, dtype=dtype, requires_grad=True) for v in val]
            for i, t in enumerate(leaves[name]):
                scope["x%d" % i] = t
        else:
            leaves[name] = torch.tensor(val, dtype=dtype, requires_grad=True)
            scope[name] = leaves[name]

    out = eval(entry["expr"], scope)   # noqa: S307 - expressions are fixed above
    flat = [t for v in leaves.values() for t in (v if isinstance(v, list) else [v])]
    gs = torch.autograd.grad(out, flat, allow_unused=True)

    grads, k = {}, 0
    for name, v in leaves.items():
        if name == "grid":
            grads[name] = [None if gs[k] is None else gs[k][0, 0].tolist()][0]
            k += 1
            continue
        n = len(v) if isinstance(v, list) else 1
        part = [None if g is None else g.item() for g in gs[k:k + n]]
        grads[name] = part if isinstance(v, list) else part[0]
        k += n
    return out.item(), grads


def same_f32(g64, g32):
    """True if g32 equals g64 rounded to float32 (NaN equals NaN, sign of zero counts)."""
    if g64 is None or g32 is None:
        return g64 is g32
    r = torch.tensor(g64, dtype=torch.float32).item()
    if math.isnan(r) and math.isnan(g32):
        return True
    return r == g32 and math.copysign(1.0, r) == math.copysign(1.0, g32)


def encode_tree(d):
    def enc(v):
        return [enc(x) for x in v] if isinstance(v, list) else encode(v)
    return {k: enc(v) for k, v in d.items()}


def flat(v):
    return [y for x in v for y in flat(x)] if isinstance(v, list) else [v]


def run_case(entry):
    value, g64 = measure(entry, torch.float64)
    value32, g32 = measure(entry, torch.float32)
    result = dict(entry)
    result["value"] = encode(value)
    result["grad"] = encode_tree(g64)

    differs = False
    for name, v in g64.items():
        pairs = zip(flat(v), flat(g32[name]))
        differs |= not all(same_f32(a, b) for a, b in pairs)
    if differs:
        result["grad_f32"] = encode_tree(g32)
    if not same_f32(value, value32):
        result["value_f32"] = encode(value32)
    return result


def debian_version():
    """Version of the Debian python3-torch package, or None if not found."""
    try:
        return subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "python3-torch"],
            capture_output=True, text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    results = [run_case(c) for c in CASES]

    # One case per line keeps the fixture readable and diff-friendly.
    head = {"torch": torch.__version__,
            "debianPackage": debian_version(),
            "generatedBy": "tools/measure-pytorch-kinks.py",
            "dtype": "float64",
            "note": "grad_f32/value_f32 appear only where float32 differs from "
                    "the float64 result rounded to float32"}
    out = sys.stdout
    out.write("{\n")
    for k, v in head.items():
        out.write("  %s: %s,\n" % (json.dumps(k), json.dumps(v)))
    out.write('  "cases": [\n')
    for i, r in enumerate(results):
        sep = "," if i + 1 < len(results) else ""
        out.write("    %s%s\n" % (json.dumps(r, allow_nan=False), sep))
    out.write("  ]\n}\n")


if __name__ == "__main__":
    main()
