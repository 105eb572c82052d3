#!/usr/bin/env python3
"""PyTorch baseline for `lathe bench MODEL...`: training and inference samples/s of the MODELS.md models.

The models are conformance-tests/reference/torch_models.py's, built for the examples/*.json specs
with the changes `lathe bench` makes (cli/.../bench/BenchModels.java): bert-tiny runs 64 tokens;
bert-small is bert-tiny at hidden 256, 4 layers, 4 heads, FFN 1024, 128 tokens, batch 16. Batch
sizes, input shapes and optimizers come from the specs.

Per model, one random batch is made up front (pixel-like floats in [0, 1), or token ids from the
whole vocabulary except [PAD] 0, so every sequence is full length; random labels for the model's
outputs, normal targets for MSE). Training times zero_grad, forward, loss, backward and the
optimizer step; inference times a forward pass in eval mode under no_grad. Each is timed as
bench/pytorch_micro.py and `lathe bench` time a case; samples/s = batch / median time per call.
With --device cuda[:N] the model, its optimizer state and the batch live on that GPU, and each timed
call ends with torch.cuda.synchronize() (as `lathe bench --device cuda` waits for its stream), so
the clock reads after the GPU has finished.

Usage: /usr/bin/python3 bench/pytorch_models.py [MODEL ... | all] [--threads 2] [--device cuda] [--json | --stdin]
Use Debian's interpreter (/usr/bin/python3) for Debian's python3-torch; see docs/benchmarks.md.
"""

import argparse
import json
import pathlib
import sys

import torch
from torch import nn

from pytorch_micro import blas_info, measure, run_metadata

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "conformance-tests" / "reference"))
import torch_models  # noqa: E402

BERT_SMALL = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024)
# name: (example spec, BertConfig overrides, sequence length, batch size); None keeps the spec's
MODELS = {
    "mlp-tiny": ("mlp-tiny", {}, None, None),
    "mlp-fashion": ("mlp-fashion", {}, None, None),
    "cnn-fashion": ("cnn-fashion", {}, None, None),
    "cnn-binary": ("cnn-binary", {}, None, None),
    "text-gap": ("text-gap", {}, None, None),
    "lstm": ("lstm", {}, None, None),
    "bert-tiny": ("bert-tiny", {}, 64, None),
    "bert-small": ("bert-tiny", BERT_SMALL, 128, 16),
}
OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}
SEED = 0


def synthetic_batch(model, spec, shape, loss_fn, g):
    """Inputs of `shape` and the spec's dtype, and targets for what the model puts out."""
    if spec["input"].get("dtype") == "int32":
        vocabulary = next(m for m in model.modules() if isinstance(m, nn.Embedding)).num_embeddings
        x = torch.randint(1, vocabulary, shape, generator=g)
    else:
        x = torch.rand(shape, generator=g)
    with torch.no_grad():
        out = model(x)
    if isinstance(loss_fn, nn.CrossEntropyLoss):
        y = torch.randint(0, out.shape[1], (shape[0],), generator=g)
    elif isinstance(loss_fn, nn.BCEWithLogitsLoss):
        y = torch.randint(0, 2, out.shape, generator=g).float()
    else:
        y = torch.randn(out.shape, generator=g)
    return x, y


def bench_model(name, args):
    example, bert_overrides, sequence, batch = MODELS[name]
    spec = json.loads((ROOT / "examples" / f"{example}.json").read_text())
    batch = batch or spec["training"]["batch_size"]
    shape = [batch] + ([sequence] if sequence else spec["input"]["shape"])
    torch.manual_seed(spec.get("seed", SEED))
    model = torch_models.build(example, **bert_overrides)
    loss_fn = torch_models.loss_for(example)
    # made on the CPU with the CPU generator, so every device gets the same batch
    x, y = synthetic_batch(model, spec, shape, loss_fn, torch.Generator().manual_seed(SEED))
    device = torch.device(args.device)
    model.to(device)
    x, y = x.to(device), y.to(device)
    optimizer_spec = spec["training"]["optimizer"]
    optimizer = OPTIMIZERS[optimizer_spec["type"]](model.parameters(), lr=optimizer_spec["lr"])
    finish = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    def train_step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
        finish()

    def inference_pass():
        model(x)
        finish()

    model.train()
    train = measure("train", name, 0, train_step, args)
    model.eval()
    with torch.no_grad():
        inference = measure("inference", name, 0, inference_pass, args)
    return {
        "model": name,
        "batch": batch,
        "input_shape": shape,
        "train_samples_per_s": batch / (train["median_ms"] / 1000),
        "inference_samples_per_s": batch / (inference["median_ms"] / 1000),
        "train_ms_median": train["median_ms"],
        "train_ms_best": train["best_ms"],
        "train_reps": train["reps"],
        "inference_ms_median": inference["median_ms"],
        "inference_ms_best": inference["best_ms"],
        "inference_reps": inference["reps"],
    }


ROW = "%-12s %6s %14s %14s %12s %12s  %s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="*", metavar="MODEL",
                        help="models to measure: " + ", ".join(MODELS) + "; or all (the default)")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: 2)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (default: cpu)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--stdin", action="store_true",
                        help="read model names from standard input instead, one a line, and answer each as it is "
                             "measured with one line: the JSON object --json prints for that model alone "
                             "(bench/compare-pytorch alternates PyTorch and Lathe model by model this way)")
    parser.add_argument("--min-time-ms", type=float, default=1000, help="timed work per case, at least")
    parser.add_argument("--min-reps", type=int, default=5, help="timed calls per case, at least")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per case, at least")
    args = parser.parse_args()
    if args.stdin and args.models:
        parser.error("--stdin reads the model names from standard input: give no MODEL")
    names = []
    for name in [] if args.stdin else args.models or ["all"]:
        if name == "all":
            names += MODELS
        elif name in MODELS:
            names.append(name)
        else:
            parser.error(f"unknown model '{name}': choose from {', '.join(MODELS)}, or all")

    if args.device != "cpu" and not torch.cuda.is_available():
        parser.error(f"--device {args.device}: torch {torch.__version__} sees no CUDA GPU")
    torch.set_num_threads(args.threads)
    meta = run_metadata()
    meta["device"] = args.device
    if args.device != "cpu":
        index = torch.device(args.device).index or 0
        meta["device_name"] = torch.cuda.get_device_name(index)
        meta["cuda"] = torch.version.cuda
        meta["cudnn"] = torch.backends.cudnn.version()
    if args.stdin:
        for line in sys.stdin:
            name = line.strip()
            if not name:
                continue
            if name not in MODELS:
                parser.error(f"unknown model '{name}' on standard input: choose from {', '.join(MODELS)}")
            print(json.dumps(dict(meta, models=[bench_model(name, args)], blas=blas_info())), flush=True)
        return 0
    if args.json:
        meta["models"] = [bench_model(name, args) for name in names]
        meta["blas"] = blas_info()
        print(json.dumps(meta))
        return 0
    where = "CPU" if args.device == "cpu" else f"{args.device} ({meta['device_name']})"
    print(f"pytorch_models: torch {meta['torch']}, {where}, F32, {meta['threads']} thread(s), BLAS: {meta['blas']}")
    header = ROW % ("model", "batch", "train", "inference", "train ms", "inference ms", "input")
    print(header)
    print((ROW % ("", "", "samples/s", "samples/s", "(median)", "(median)", "")).rstrip())
    print("-" * len(header))
    for name in names:
        r = bench_model(name, args)
        print(ROW % (name, r["batch"], f"{r['train_samples_per_s']:,.1f}", f"{r['inference_samples_per_s']:,.1f}",
                     f"{r['train_ms_median']:.3f}", f"{r['inference_ms_median']:.3f}",
                     "[" + ",".join(map(str, r["input_shape"])) + "]"))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
