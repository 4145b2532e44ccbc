#!/usr/bin/python3
"""Export a PyTorch model and a batch for `clarke audit`.

Writes into --out DIR:
  model.onnx           torch.onnx.export of the module in eval mode (opset 13, no constant
                       folding, training=PRESERVE: every initializer keeps its state_dict name
                       and BatchNormalization stays a node with its running statistics)
  x.npy                the input batch, float32, C order
  y.npy                the labels: int64 class indices (cross-entropy) or float32 targets (mse)
  weights.safetensors  every floating-point initializer of model.onnx, by state_dict name
  grad.safetensors     PyTorch's gradient of the MEAN batch loss w.r.t. every parameter that
                       requires grad, by state_dict name (float32)

Needs only python3 and torch (1.13 was used); .npy and safetensors are written by hand.

The module is either importable (--model package.module:attribute, where the attribute is an
nn.Module, a class or a function taking no arguments), a file saved with torch.save(module)
(--model model.pt), or a built-in seeded example (--example lenet-ties|mlp|batchnorm|mnist-mlp:
the first three make the fixtures of Clarke's tests, mnist-mlp is 784-256-10 for MNIST). The
batch is --inputs x.npy (and --labels y.npy), or
a seeded synthetic one (--batch B --seed S; --input-shape C,H,W for a module whose input shape
cannot be guessed). Synthetic images are quantized to --levels values with blank borders, so
that max-pool windows contain ties, as real data does.

Examples:
  /usr/bin/python3 tools/export-for-clarke.py --model mynet:Net --inputs x.npy --labels y.npy --out audit/
  /usr/bin/python3 tools/export-for-clarke.py --model ckpt.pt --input-shape 1,28,28 --batch 64 --out audit/
  /usr/bin/python3 tools/export-for-clarke.py --example lenet-ties --out clarke-cli/src/test/resources/audit/lenet
Existing files are not overwritten without --force; every file is written atomically.
"""

import argparse
import ast
import importlib
import json
import os
import struct
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------
# Built-in examples (seeded): the fixtures of Clarke's audit tests
# ---------------------------------------------------------------------------

class LeNetTies(nn.Module):
    """LeNet-style CNN on 1x16x16: conv-relu-maxpool twice, then a linear head. The convolutions'
    weights and biases are quantized to multiples of 1/16 (as a quantized model's are), so that on
    quantized inputs every convolution sum is exact in float32 and windows tie between different
    patches (different functions of the weights: a genuine kink), not only on blank patches."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.fc = nn.Linear(6 * 2 * 2, 10)
        with torch.no_grad():
            for conv in (self.conv1, self.conv2):
                for p in conv.parameters():
                    p.copy_(torch.round(p * 16) / 16)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def example(name):
    """(module, input shape without batch) of a built-in example."""
    torch.manual_seed(14)
    if name == "lenet-ties":
        return LeNetTies(), (1, 16, 16)
    if name == "mlp":
        # Weights quantized to multiples of 1/8: on quantized inputs some pre-activations are exactly 0.
        m = nn.Sequential(nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 4))
        with torch.no_grad():
            for p in m.parameters():
                p.copy_(torch.round(p * 8) / 8)
        return m, (12,)
    if name == "mnist-mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)), (784,)
    if name == "batchnorm":
        m = nn.Sequential(nn.Conv2d(1, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(3 * 3 * 3, 5))
        # Non-trivial running statistics: a few seeded training-mode passes.
        m.train()
        with torch.no_grad():
            for _ in range(3):
                m(torch.randn(16, 1, 8, 8) * 2 + 0.5)
        return m, (1, 8, 8)
    raise SystemExit("unknown --example '%s': use lenet-ties, mlp, batchnorm or mnist-mlp" % name)


# ---------------------------------------------------------------------------
# File formats, by hand
# ---------------------------------------------------------------------------

NPY_DESCR = {torch.float32: "<f4", torch.float64: "<f8", torch.int64: "<i8", torch.int32: "<i4"}
ST_DTYPE = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.int32: "I32"}


def npy_bytes(t):
    """The .npy (version 1.0, C order) encoding of a tensor."""
    t = t.detach().contiguous().cpu()
    shape = repr(tuple(int(d) for d in t.shape))
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (NPY_DESCR[t.dtype], shape)
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + raw(t)


def raw(t):
    """Little-endian bytes of a contiguous tensor."""
    fmt = {torch.float32: "f", torch.float64: "d", torch.int64: "q", torch.int32: "i"}[t.dtype]
    values = t.reshape(-1).tolist()
    return struct.pack("<%d%s" % (len(values), fmt), *values)


def read_npy(path):
    """A C-order .npy of float32/float64/int64/int32 as a tensor (no pickles)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise SystemExit("%s: not a .npy file" % path)
    major = data[6]
    if major == 1:
        hlen, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        hlen, start = struct.unpack("<I", data[8:12])[0], 12
    header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    if header["fortran_order"]:
        raise SystemExit("%s: Fortran order is not supported; save with np.ascontiguousarray" % path)
    kinds = {v: k for k, v in NPY_DESCR.items()}
    if header["descr"] not in kinds:
        raise SystemExit("%s: dtype %s not supported (float32, float64, int64, int32)" % (path, header["descr"]))
    dtype = kinds[header["descr"]]
    fmt = {torch.float32: "f", torch.float64: "d", torch.int64: "q", torch.int32: "i"}[dtype]
    n = 1
    for d in header["shape"]:
        n *= d
    values = struct.unpack_from("<%d%s" % (n, fmt), data, start + hlen)
    return torch.tensor(values, dtype=dtype).reshape(header["shape"])


def safetensors_bytes(tensors):
    """The safetensors encoding of an ordered dict name -> tensor."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        b = raw(t.detach().contiguous().cpu())
        header[name] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def onnx_initializer_names(data):
    """Names of the initializers of an ONNX ModelProto, read from the protobuf wire format
    (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.name = 8)."""
    def fields(buf):
        i = 0
        while i < len(buf):
            key, i = varint(buf, i)
            num, wire = key >> 3, key & 7
            if wire == 0:
                _, i = varint(buf, i)
            elif wire == 1:
                i += 8
            elif wire == 5:
                i += 4
            elif wire == 2:
                n, i = varint(buf, i)
                yield num, buf[i:i + n]
                i += n
            else:
                raise ValueError("unexpected wire type %d" % wire)

    def varint(buf, i):
        shift = result = 0
        while True:
            b = buf[i]
            i += 1
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result, i

    names = []
    for num, graph in fields(data):
        if num == 7:
            for gnum, init in fields(graph):
                if gnum == 5:
                    names += [v.decode("utf-8") for tnum, v in fields(init) if tnum == 8]
    return names


def write_atomically(path, data, force):
    if os.path.exists(path) and not force:
        raise SystemExit("%s exists: pass --force to overwrite it" % path)
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".export-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------
# Module, batch, gradient
# ---------------------------------------------------------------------------

def load_module(spec):
    sys.path.insert(0, os.getcwd())
    if os.path.isfile(spec):
        try:
            m = torch.load(spec, map_location="cpu")
        except (ModuleNotFoundError, AttributeError) as e:
            raise SystemExit("%s: the pickled module's class cannot be found (%s): run from the directory "
                             "its module is in, or add that directory to PYTHONPATH" % (spec, e))
        if isinstance(m, dict):
            raise SystemExit("%s holds a state_dict, not a module: pass --model package.module:attribute "
                             "and the state_dict as --state-dict %s" % (spec, spec))
        return m
    if ":" not in spec:
        raise SystemExit("--model '%s' is neither a file nor package.module:attribute" % spec)
    mod, attr = spec.split(":", 1)
    obj = importlib.import_module(mod)
    for part in attr.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, nn.Module):
        obj = obj()
    if not isinstance(obj, nn.Module):
        raise SystemExit("--model %s is not an nn.Module (nor makes one)" % spec)
    return obj


def guess_input_shape(module):
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            raise SystemExit("cannot guess the input's height and width: pass --input-shape C,H,W")
        if isinstance(m, nn.Linear):
            return (m.in_features,)
    raise SystemExit("cannot guess the input shape: pass --input-shape")


def synthetic_batch(shape, batch, levels, gen):
    """Seeded inputs quantized to `levels` values in [0, 1]; images get a blank border and
    blank rows so that max-pool windows see exact ties."""
    x = torch.randint(0, levels, (batch,) + tuple(shape), generator=gen).float() / max(levels - 1, 1)
    if len(shape) == 3:
        h, w = shape[1], shape[2]
        x[:, :, : h // 4, :] = 0
        x[:, :, :, : w // 4] = 0
        x[:, :, h - h // 4:, :] = 0
    return x


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="package.module:attribute, or a torch.save(module) file")
    src.add_argument("--example", help="a built-in seeded example: lenet-ties, mlp, batchnorm or mnist-mlp")
    p.add_argument("--state-dict", help="a torch.save(state_dict) file loaded into the module")
    p.add_argument("--inputs", help="the input batch as .npy (float32/float64)")
    p.add_argument("--labels", help="the labels as .npy: int class indices, or float targets for mse")
    p.add_argument("--input-shape", help="synthetic inputs: the shape of one sample, e.g. 1,28,28")
    p.add_argument("--batch", type=int, default=8, help="synthetic inputs: batch size (default 8)")
    p.add_argument("--levels", type=int, default=3, help="synthetic inputs: quantization levels (default 3)")
    p.add_argument("--seed", type=int, default=0, help="synthetic inputs and labels: seed (default 0)")
    p.add_argument("--loss", choices=["cross-entropy", "mse"], default="cross-entropy")
    p.add_argument("--opset", type=int, default=13)
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    a = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)   # a module built here (a class or factory) is initialised reproducibly
    if a.example:
        module, shape = example(a.example)
    else:
        module = load_module(a.model)
        shape = None
    if a.state_dict:
        module.load_state_dict(torch.load(a.state_dict, map_location="cpu"))
    module = module.float().eval()

    gen = torch.Generator().manual_seed(a.seed)
    if a.inputs:
        x = read_npy(a.inputs).float()
    else:
        if a.input_shape:
            shape = tuple(int(d) for d in a.input_shape.split(","))
        if shape is None:
            shape = guess_input_shape(module)
        x = synthetic_batch(shape, a.batch, a.levels, gen)
    with torch.no_grad():
        out = module(x)
    if a.labels:
        y = read_npy(a.labels)
    elif a.loss == "cross-entropy":
        y = torch.randint(0, out.shape[1], (x.shape[0],), generator=gen)
    else:
        y = torch.randn(out.shape, generator=gen)
    y = y.long() if a.loss == "cross-entropy" else y.float()

    module.zero_grad()
    out = module(x)
    loss = F.cross_entropy(out, y) if a.loss == "cross-entropy" else F.mse_loss(out, y)
    loss.backward()
    named = dict(module.named_parameters())
    grads = {n: (t.grad if t.grad is not None else torch.zeros_like(t)).float() for n, t in named.items()}

    os.makedirs(a.out, exist_ok=True)
    paths = {f: os.path.join(a.out, f) for f in
             ("model.onnx", "x.npy", "y.npy", "weights.safetensors", "grad.safetensors")}
    for path in paths.values():
        if os.path.exists(path) and not a.force:
            raise SystemExit("%s exists: pass --force to overwrite it" % path)

    fd, tmp = tempfile.mkstemp(dir=a.out, prefix=".export-", suffix=".onnx")
    os.close(fd)
    try:
        torch.onnx.export(module, x, tmp, opset_version=a.opset, do_constant_folding=False,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        with open(tmp, "rb") as f:
            onnx = f.read()
    finally:
        os.unlink(tmp)
    inits = onnx_initializer_names(onnx)
    renamed = [n for n in named if n not in inits]
    if renamed:
        raise SystemExit("the ONNX exporter renamed or folded the parameters %s; export a module without "
                         "weight sharing or fused layers" % ", ".join(renamed))
    state = module.state_dict()
    weights = {n: state[n].float() for n in inits if n in state and state[n].is_floating_point()}

    write_atomically(paths["model.onnx"], onnx, True)
    write_atomically(paths["x.npy"], npy_bytes(x), True)
    write_atomically(paths["y.npy"], npy_bytes(y), True)
    write_atomically(paths["weights.safetensors"], safetensors_bytes(weights), True)
    write_atomically(paths["grad.safetensors"], safetensors_bytes(grads), True)
    print("wrote %s: %d samples, loss %s = %.6g, parameters %s" % (
        a.out, x.shape[0], a.loss, loss.item(), ", ".join(named)), file=sys.stderr)


if __name__ == "__main__":
    main()
