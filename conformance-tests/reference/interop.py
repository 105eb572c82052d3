"""Runs a Lathe checkpoint in PyTorch: interop.py NAME CHECKPOINT INPUT OUTPUT [KEY=VALUE ...]

Builds torch_models.build(NAME) (KEY=VALUE pairs override BertConfig fields, e.g.
num_hidden_layers=2), loads CHECKPOINT (a safetensors file Lathe wrote) with
load_state_dict(strict=True), and in eval mode puts the tensor "inputs" of the safetensors file
INPUT through the model. OUTPUT gets "outputs": what Lathe's predict reports for the same model —
class probabilities for the classifiers, the values themselves for regression.
"""
import sys

import torch
from torch import nn

import safetensors_io
import torch_models


def predictions(name, model, inputs):
    """The model's eval-mode outputs read as Lathe's predict reads them: softmax or sigmoid after the loss's logits."""
    model.eval()
    with torch.no_grad():
        raw = model(inputs)
    loss = torch_models.loss_for(name)
    if isinstance(loss, nn.CrossEntropyLoss):
        return raw.softmax(dim=-1)
    if isinstance(loss, nn.BCEWithLogitsLoss):
        return raw.sigmoid()
    return raw


def _override(text):
    key, value = text.split("=", 1)
    return key, float(value) if "." in value or "e" in value else int(value)


def main(argv):
    if len(argv) < 4:
        sys.exit("usage: interop.py NAME CHECKPOINT INPUT OUTPUT [KEY=VALUE ...]")
    name, checkpoint, input_file, output_file = argv[:4]
    model = torch_models.build(name, **dict(_override(a) for a in argv[4:]))
    model.load_state_dict(safetensors_io.load(checkpoint), strict=True)
    inputs = safetensors_io.load(input_file)["inputs"]
    if not inputs.is_floating_point():
        inputs = inputs.long()
    safetensors_io.save({"outputs": predictions(name, model, inputs)}, output_file)


if __name__ == "__main__":
    main(sys.argv[1:])
