#!/usr/bin/env python3
"""Reference: Densely's "Next lecture: CNN digits" template trained with PyTorch on this machine's CPU.

Same work as Densely's cnn bench: 28x28x1 input, conv 3x3x16 ReLU, max pool 2, conv 3x3x32 ReLU, max pool 2,
flatten, dense 32 ReLU, dense 10, softmax cross entropy, Adam (lr 2e-3), batch 64, float32, random data;
one warm-up pass, then timed passes. Prints one JSON line: {"impl": "pytorch", "samples_per_sec": ...}.
Run as pytorch_mlp.py is: /usr/bin/python3, without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE.
"""
import argparse

import torch

from torch_timing import median_rate, report

ap = argparse.ArgumentParser()
ap.add_argument("--samples", type=int, default=4096)
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--repeats", type=int, default=3)
a = ap.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(0)

nn = torch.nn
model = nn.Sequential(
    nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
x = torch.rand(a.samples, 1, 28, 28)
y = torch.randint(0, 10, (a.samples,))

report(model, median_rate(model, opt, x, y, a.batch, a.repeats))
