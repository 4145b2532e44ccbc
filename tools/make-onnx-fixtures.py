#!/usr/bin/env python3
"""Writes the ONNX test fixtures of dev.clarke.onnx: tiny PyTorch modules exported with
torch.onnx.export, a fixed input batch x and PyTorch's output y on it, as .npy files.

    /usr/bin/python3 tools/make-onnx-fixtures.py clarke-core/src/test/resources/onnx

(and, beside that folder, npy/: small arrays written by NumPy for the .npy reader's tests).

Needs only python3 and torch (1.13 was used). The models are exported in eval mode with
training=PRESERVE and without constant folding, so BatchNormalization stays a node and every
initializer keeps its state_dict name (0.weight, conv1.bias, ...). PyTorch's outputs are the
independent oracle the Java tests compare Clarke's forward pass with.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Residual(nn.Module):
    """A DAG: a residual Add, a Concat of two branches, a softmax head."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(2, 4, 3, padding=1)
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.side = nn.Conv2d(4, 2, 1)
        self.head = nn.Linear(6, 3)

    def forward(self, x):
        h = F.relu(self.stem(x))
        r = self.conv2(F.relu(self.conv1(h)))
        h = F.relu(h + r)
        h = torch.cat([h, torch.tanh(self.side(h))], dim=1)
        h = F.adaptive_avg_pool2d(h, 1).flatten(1)
        return F.softmax(self.head(h), dim=1)


class Elementwise(nn.Module):
    """Max, Min, Abs, Sub, Mul, Div, Sigmoid, MatMul, Transpose, Reshape, a Clip with odd bounds."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(5, 4))
        self.b = nn.Parameter(torch.randn(4))

    def forward(self, x):                              # x: [B, 2, 5]
        a = torch.matmul(x, self.w)                    # [B, 2, 4]
        b = a.transpose(1, 2)                          # [B, 4, 2]
        c = torch.maximum(b, torch.sigmoid(b)) - torch.minimum(b, b.abs() * 0.5)
        d = c / (1.0 + c.abs()) + self.b.view(1, 4, 1)
        e = torch.clamp(d, -0.75, 1.25)
        return F.log_softmax(e.reshape(-1, 8), dim=1)


class ViewNet(nn.Module):
    """x.view(x.size(0), -1), exported as Shape, Gather, Unsqueeze, Concat, Reshape; and a fresh
    BatchNorm1d, whose equal-valued weight and running_var (ones), bias and running_mean (zeros)
    the exporter stores once and copies with Identity nodes."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, stride=2)
        self.fc = nn.Linear(3 * 3 * 3, 4)
        self.bn = nn.BatchNorm1d(4)

    def forward(self, x):
        h = F.relu(self.conv(x))
        h = h.view(h.size(0), -1)
        return self.bn(self.fc(h))


def models():
    torch.manual_seed(14)
    mlp = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 3))
    lenet = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(6 * 2 * 2, 10))
    bnpool = nn.Sequential(
        nn.Conv2d(3, 6, (3, 2), stride=(2, 1), padding=(1, 0)), nn.BatchNorm2d(6), nn.LeakyReLU(0.1),
        nn.AvgPool2d(2, ceil_mode=True, padding=1, count_include_pad=False),
        nn.Conv2d(6, 6, 3, padding=2, dilation=2, groups=3), nn.BatchNorm2d(6), nn.Hardswish(),
        nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), nn.ReLU6(),
        nn.AvgPool2d(2, stride=1, padding=1), nn.Hardsigmoid(),
        nn.Flatten(), nn.Linear(6 * 4 * 4, 5), nn.Tanh())
    for m in bnpool.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)
            m.running_mean.uniform_(-0.3, 0.3)
            m.running_var.uniform_(0.5, 2.0)
    return [
        ("mlp", mlp, (4, 6), 11, False),
        ("lenet", lenet, (4, 1, 12, 12), 13, True),
        ("bnpool", bnpool, (3, 3, 11, 9), 14, False),
        ("residual", Residual(), (2, 2, 6, 6), 17, True),
        ("elementwise", Elementwise(), (3, 2, 5), 13, False),
        ("viewnet", ViewNet(), (2, 1, 7, 7), 12, True),
    ]


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, model, shape, opset, dynamic in models():
        model.eval()
        x = torch.randn(*shape)
        if name == "lenet":
            x[0, 0, :4, :4] = 0.0          # a blank patch: max-pool windows of equal values
        with torch.no_grad():
            y = model(x)
        kwargs = dict(input_names=["x"], output_names=["y"], opset_version=opset,
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
        if dynamic:
            kwargs["dynamic_axes"] = {"x": {0: "batch"}, "y": {0: "batch"}}
        torch.onnx.export(model, x, os.path.join(out, name + ".onnx"), **kwargs)
        np.save(os.path.join(out, name + "-x.npy"), x.numpy().astype(np.float32))
        np.save(os.path.join(out, name + "-y.npy"), y.numpy().astype(np.float32))
        print(name, "opset", opset, "x", tuple(x.shape), "y", tuple(y.shape))


def npy_samples(out):
    """.npy files written by NumPy itself, each holding arange(6) shaped (2, 3), for the reader's tests."""
    os.makedirs(out, exist_ok=True)
    a = np.arange(6).reshape(2, 3)
    for name, dtype in [("f4", "<f4"), ("f8-big", ">f8"), ("i8", "<i8"), ("i4-big", ">i4")]:
        np.save(os.path.join(out, name + ".npy"), a.astype(dtype))
    np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(a.astype("<f4")))
    np.save(os.path.join(out, "object.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.save(os.path.join(out, "u1.npy"), a.astype(np.uint8))
    np.save(os.path.join(out, "scalar.npy"), np.float64(2.5))
    with open(os.path.join(out, "v2.npy"), "wb") as f:
        np.lib.format.write_array(f, a.astype("<f8"), version=(2, 0))


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "clarke-core/src/test/resources/onnx"
    main(target)
    npy_samples(os.path.join(os.path.dirname(os.path.abspath(target)), "npy"))
