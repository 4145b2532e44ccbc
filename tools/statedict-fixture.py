#!/usr/bin/python3
"""Writes the PyTorch fixtures of Clarke's state-dict round trip (StateDictPyTorchTest).

For a small MLP, a small CNN and the same CNN with named nested children, in float64 with a fixed seed:
  <name>.safetensors     the model's state_dict, names and layouts exactly as PyTorch has them
  <name>-io.safetensors  an input batch ("input") and PyTorch's output for it ("logits")
The safetensors format is written by hand (8-byte little-endian header length, JSON header, data).

Run from the repository root:
  /usr/bin/python3 tools/statedict-fixture.py clarke-core/src/test/resources/statedict
"""
import json
import os
import struct
import sys

import torch


def write_safetensors(path, tensors):
    header, data, offset = {}, b"", 0
    for name, t in tensors.items():
        raw = t.detach().contiguous().to(torch.float64).numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


class Nested(torch.nn.Module):
    """Children with names, as torchvision's models: parameters features.0.weight, classifier.1.weight, ..."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2))
        self.classifier = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(18, 3))

    def forward(self, x):
        return self.classifier(self.features(x))


def models():
    torch.manual_seed(16)
    mlp = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Flatten(), torch.nn.Linear(18, 3))
    nested = Nested()
    return {"mlp": (mlp.double(), torch.randn(5, 4, dtype=torch.float64)),
            "cnn": (cnn.double(), torch.randn(3, 1, 8, 8, dtype=torch.float64)),
            "nested": (nested.double(), torch.randn(3, 1, 8, 8, dtype=torch.float64))}


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, (model, x) in models().items():
        model.eval()
        with torch.no_grad():
            y = model(x)
        write_safetensors(os.path.join(out, name + ".safetensors"), model.state_dict())
        write_safetensors(os.path.join(out, name + "-io.safetensors"), {"input": x, "logits": y})


if __name__ == "__main__":
    main(sys.argv[1])
