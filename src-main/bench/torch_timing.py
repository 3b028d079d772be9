"""What pytorch_cnn.py and pytorch_sweep.py share: one warm-up pass over random data, then timed passes, and the one
JSON line the bench reads. Imported from beside them (Python puts a script's own folder first on its path)."""
import json, time

import torch


def median_rate(model, opt, x, y, batch, repeats):
    """Trains `model` on (x, y) in batches of `batch` with softmax cross entropy: a warm-up pass, then `repeats` timed
    passes; the median of their samples per second."""
    loss_fn = torch.nn.CrossEntropyLoss()
    samples = len(x)

    def one_pass():
        for i in range(0, samples, batch):
            opt.zero_grad()
            loss = loss_fn(model(x[i:i + batch]), y[i:i + batch])
            loss.backward()
            opt.step()

    one_pass()
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        one_pass()
        rates.append(samples / (time.perf_counter() - t))
    rates.sort()
    return rates[len(rates) // 2]


def report(model, rate, **extra):
    """Prints the line the bench reads: {"impl": "pytorch", ..., "samples_per_sec": ...}."""
    print(json.dumps({
        "impl": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        **extra,
        "params": sum(p.numel() for p in model.parameters()),
        "samples_per_sec": round(rate, 1),
    }))
