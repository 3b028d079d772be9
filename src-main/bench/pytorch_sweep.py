#!/usr/bin/env python3
"""Reference for the bench's sweep: an MLP of 784 inputs, two hidden ReLU layers of --width units and 10 outputs,
trained with PyTorch on this machine's CPU exactly as Densely's sweep trains it: Adam (lr 1e-3), softmax cross
entropy, --batch samples per batch, float32, random data; one warm-up pass, then timed passes.
Prints one JSON line: {"impl": "pytorch", "samples_per_sec": ...}.
Run as pytorch_mlp.py is: /usr/bin/python3, without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE.
"""
import argparse

import torch

from torch_timing import median_rate, report

ap = argparse.ArgumentParser()
ap.add_argument("--samples", type=int, default=4096)
ap.add_argument("--batch", type=int, default=128)
ap.add_argument("--width", type=int, default=600)
ap.add_argument("--threads", type=int, default=1,
                help="torch threads; 1 is fastest here, since OpenBLAS already uses every core")
ap.add_argument("--repeats", type=int, default=2)
a = ap.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(0)

nn = torch.nn
model = nn.Sequential(
    nn.Linear(784, a.width), nn.ReLU(),
    nn.Linear(a.width, a.width), nn.ReLU(),
    nn.Linear(a.width, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(a.samples, 784)
y = torch.randint(0, 10, (a.samples,))

report(model, median_rate(model, opt, x, y, a.batch, a.repeats), batch=a.batch, width=a.width)
