"""Golden fixtures for Lathe's losses, computed by PyTorch (mean reduction): the value and its
gradient with respect to the input. See README.md. Run from the repository root:

    /usr/bin/python3 conformance-tests/reference/losses.py
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_writer import emit, seed  # noqa: E402

ROWS, CLASSES = 6, 4


def loss_case(name, args, reduction_length, x, target, loss):
    """`loss(x, target)` is a PyTorch functional loss; `args` tell Lathe which of its losses to build."""
    emit(name, "loss", args, reduction_length, {"x": x, "target": target},
         lambda i: {"loss": loss(i["x"], i["target"])})


def elementwise(name, loss_type, x, target, loss):
    loss_case(name, {"type": loss_type}, 2 * x.numel(), x, target, loss)


def cross_entropy(name, options, logits, target):
    """torch.nn.functional.cross_entropy with Lathe's option names (label_smoothing, class_weights, ignore_index)."""
    weight = torch.tensor(options["class_weights"]) if "class_weights" in options else None
    kwargs = {"weight": weight, "label_smoothing": options.get("label_smoothing", 0.0)}
    if "ignore_index" in options:
        kwargs["ignore_index"] = options["ignore_index"]
    classes = logits.shape[1]
    rows = logits.numel() // classes
    loss_case(name, {"type": "cross_entropy", **options}, 4 * classes + 2 * rows, logits, target,
              lambda x, t: F.cross_entropy(x, t, **kwargs))


def main():
    seed("mse")
    elementwise("mse", "mse", torch.randn(ROWS, 3), torch.randn(ROWS, 3), F.mse_loss)

    seed("binary_cross_entropy")
    probabilities = torch.sigmoid(2 * torch.randn(ROWS, 3))
    targets = torch.rand(ROWS, 3)
    # certain predictions that are right: the log is clamped at -100 and the gradient is 0 / max(0, 1e-12)
    probabilities[0, 0], targets[0, 0] = 1.0, 1.0
    probabilities[0, 1], targets[0, 1] = 0.0, 0.0
    elementwise("binary_cross_entropy", "binary_cross_entropy", probabilities, targets, F.binary_cross_entropy)

    seed("binary_cross_entropy_with_logits")
    elementwise("binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits", 3 * torch.randn(ROWS, 3),
                torch.rand(ROWS, 3), F.binary_cross_entropy_with_logits)

    seed("cross_entropy")
    cross_entropy("cross_entropy", {}, 2 * torch.randn(ROWS, CLASSES), torch.randint(0, CLASSES, (ROWS,)))

    seed("cross_entropy_spatial")
    cross_entropy("cross_entropy_spatial", {}, 2 * torch.randn(2, CLASSES, 3), torch.randint(0, CLASSES, (2, 3)))

    seed("cross_entropy_probabilities")
    logits = 2 * torch.randn(ROWS, CLASSES)
    loss_case("cross_entropy_probabilities", {"type": "cross_entropy_probabilities"}, 4 * CLASSES + 2 * ROWS, logits,
              torch.softmax(torch.randn(ROWS, CLASSES), dim=1), F.cross_entropy)

    seed("cross_entropy_label_smoothing")
    cross_entropy("cross_entropy_label_smoothing", {"label_smoothing": 0.1}, 2 * torch.randn(ROWS, CLASSES),
                  torch.randint(0, CLASSES, (ROWS,)))

    seed("cross_entropy_class_weights")
    cross_entropy("cross_entropy_class_weights", {"class_weights": [0.5, 2.0, 1.0, 0.25]}, 2 * torch.randn(ROWS, CLASSES),
                  torch.randint(0, CLASSES, (ROWS,)))

    seed("cross_entropy_ignore_index")
    target = torch.randint(0, CLASSES, (ROWS,))
    target[1], target[4] = -100, -100  # PyTorch's default ignore_index
    cross_entropy("cross_entropy_ignore_index", {"ignore_index": -100}, 2 * torch.randn(ROWS, CLASSES), target)

    seed("cross_entropy_all_options")
    target = torch.tensor([0, 1, 2, 3, 1, 2])
    cross_entropy("cross_entropy_all_options", {"label_smoothing": 0.2, "class_weights": [0.5, 2.0, 1.0, 0.25], "ignore_index": 1},
                  2 * torch.randn(ROWS, CLASSES), target)


if __name__ == "__main__":
    main()
