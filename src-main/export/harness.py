"""Runs exported Python files for the code-export tests, all in one process (torch takes seconds to import).

Reads a JSON list of {"path", "target"} on stdin and prints one JSON object keyed by path:
- pytorch: the parameter count sum(p.numel()), the output shape of a forward pass on a random batch of 2, NAME, and
  the last line train() prints after one epoch on a tiny random batch;
- keras: NAME, read from the parsed file (Keras is not installed here; the test checks the layers as text).
"""
import ast
import contextlib
import importlib.util
import io
import json
import sys

jobs = json.load(sys.stdin)
results = {}
torch = None
for job in jobs:
    path = job["path"]
    if job["target"] == "keras":
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        name = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "NAME")
        results[path] = {"name": name}
        continue
    if torch is None:
        import numpy as np
        import torch
    spec = importlib.util.spec_from_file_location("exported", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    torch.manual_seed(0)
    model = module.build_model()
    params = sum(p.numel() for p in model.parameters())
    model.eval()
    with torch.no_grad():
        output = model(torch.randn((2,) + module.INPUT_SHAPE))
    classes = max(2, module.OUTPUT_SHAPE[-1])
    labels = np.arange(8) % classes
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        module.train(model, np.random.default_rng(0).normal(size=(8,) + module.INPUT_SHAPE).astype(np.float32), module.targets(labels), epochs=1)
    results[path] = {"name": module.NAME, "params": params, "outputShape": list(output.shape[1:]), "trained": printed.getvalue().strip().splitlines()[-1]}
print(json.dumps(results))
