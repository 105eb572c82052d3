#!/usr/bin/env python3
"""Measures the MODELS.md models in PyTorch and in Lathe model by model and prints them side by side.

Starts bench/pytorch_models.py --stdin and `lathe bench --stdin` once each and keeps both running;
each round asks both for every model, one framework right after the other (PyTorch first in odd
rounds, Lathe first in even ones), so the two figures of a model are taken within seconds of each
other on a machine whose speed drifts over minutes. For each model: training and inference
samples/s in PyTorch and in Lathe, and the ratio Lathe/PyTorch (above 1x: Lathe is faster); with
several rounds every figure is the median over the rounds and the ratio the median of the rounds'
ratios, each round's ratio in brackets. bench/compare-pytorch builds both commands and calls this.

Usage: /usr/bin/python3 bench/compare_models.py [--rounds N] MODEL... --pytorch COMMAND... --lathe COMMAND...
"""

import json
import statistics
import subprocess
import sys

import pytorch_models


def row_format(rounds):
    ratio = 7 if rounds == 1 else 9 + 7 * rounds
    return f"%-12s %6s  %14s %14s %-{ratio}s  %14s %14s %-{ratio}s"


def ratios(lathe, pytorch):
    """The median ratio, and the rounds' ratios when there are several."""
    each = [l / p for l, p in zip(lathe, pytorch)]
    text = f"{statistics.median(each):.2f}x"
    if len(each) > 1:
        text += " (" + " / ".join(f"{r:.2f}" for r in each) + ")"
    return text


def parse(argv):
    """(rounds, models, PyTorch command, Lathe command); raises ValueError on bad usage."""
    if "--pytorch" not in argv or "--lathe" not in argv or argv.index("--pytorch") > argv.index("--lathe"):
        raise ValueError("give --pytorch COMMAND... and then --lathe COMMAND...")
    head = argv[:argv.index("--pytorch")]
    pytorch = argv[argv.index("--pytorch") + 1:argv.index("--lathe")]
    lathe = argv[argv.index("--lathe") + 1:]
    rounds = 1
    if head[:1] == ["--rounds"]:
        if len(head) < 2 or not head[1].isdigit() or int(head[1]) < 1:
            raise ValueError("--rounds needs a positive integer")
        rounds, head = int(head[1]), head[2:]
    models = []
    for name in head or ["all"]:
        if name == "all":
            models += pytorch_models.MODELS
        elif name in pytorch_models.MODELS:
            models.append(name)
        else:
            raise ValueError(f"unknown model '{name}': choose from {', '.join(pytorch_models.MODELS)}, or all")
    if not pytorch or not lathe:
        raise ValueError("--pytorch and --lathe each need a command")
    return rounds, models, pytorch, lathe


class Framework:
    """One framework's benchmark program, kept running: a model name in, its JSON line out."""

    def __init__(self, name, command):
        self.name = name
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self, model):
        self.process.stdin.write(model + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} stopped (exit code {self.process.wait()}) before it measured {model}")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def main():
    try:
        rounds, models, pytorch_command, lathe_command = parse(sys.argv[1:])
    except ValueError as e:
        print(f"compare_models.py: {e}\n" + __doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    pytorch, lathe = Framework("PyTorch", pytorch_command), Framework("Lathe", lathe_command)
    # model -> per-round (PyTorch result, Lathe result)
    entries = {model: [] for model in models}
    environments = None
    try:
        for r in range(1, rounds + 1):
            print(f"bench/compare-pytorch: round {r} of {rounds}", file=sys.stderr)
            for model in models:
                order = (pytorch, lathe) if r % 2 else (lathe, pytorch)
                results = {f.name: f.measure(model) for f in order}
                environments = environments or results
                entries[model].append((results["PyTorch"]["models"][0], results["Lathe"]["models"][0]))
    except RuntimeError as e:
        print(f"compare_models.py: {e}", file=sys.stderr)
        return 1
    finally:
        pytorch.close()
        lathe.close()
    p_env, l_env = environments["PyTorch"], environments["Lathe"]
    print(f"PyTorch {p_env['torch']}: {p_env['threads']} thread(s), BLAS: {p_env['blas']}")
    print(f"Lathe: {l_env['threads']} thread(s), {l_env['java']}, BLAS: {l_env['blas']}")
    print("samples/s (training: forward, loss, backward, optimizer step; inference: eval, no grad); ratio = Lathe/PyTorch")
    if rounds > 1:
        print(f"{rounds} rounds: medians over the rounds, each round's ratio in brackets")
    row = row_format(rounds)
    header = row % ("model", "batch", "PyTorch train", "Lathe train", "ratio", "PyTorch infer", "Lathe infer", "ratio")
    print(header.rstrip())
    print("-" * len(header.rstrip()))
    mismatches = []
    for model, pairs in entries.items():
        p0, l0 = pairs[0]
        if p0["input_shape"] != l0["input_shape"]:
            mismatches.append(f"{model}: PyTorch's batch is {p0['input_shape']}, Lathe's {l0['input_shape']}")
        p_train = [p["train_samples_per_s"] for p, _ in pairs]
        l_train = [lt["train_samples_per_s"] for _, lt in pairs]
        p_infer = [p["inference_samples_per_s"] for p, _ in pairs]
        l_infer = [lt["inference_samples_per_s"] for _, lt in pairs]
        print((row % (model, p0["batch"],
                      f"{statistics.median(p_train):,.1f}", f"{statistics.median(l_train):,.1f}", ratios(l_train, p_train),
                      f"{statistics.median(p_infer):,.1f}", f"{statistics.median(l_infer):,.1f}", ratios(l_infer, p_infer))).rstrip())
    for m in mismatches:
        print("compare_models.py: " + m, file=sys.stderr)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
