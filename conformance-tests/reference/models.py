"""Ten training steps of every MODELS.md model in PyTorch, as fixtures for Lathe's ModelStepsTest
and InteropTest: models.py [OUTPUT_FOLDER] (default: ../src/test/resources/reference/models).

For each model, from seeded initial weights (torch_models.build) and ten seeded synthetic batches
of the model's real input kind, it runs ten SGD steps and, again from the same weights, ten Adam
steps, and writes
  <name>.safetensors  the initial weights under their state_dict names (so the file is itself a
                      checkpoint Lathe's --init-from reads), "sgd/<name>" and "adam/<name>" after
                      step 10, "inputs" and "labels" of all batches in order, and "torch_outputs":
                      the eval-mode predictions of the initial weights on the first batch
  <name>.json         batch size, steps, optimizer settings, the loss before each step per
                      optimizer, and for bert-tiny the spec overrides
"""
import json
import os
import sys

import torch

import safetensors_io
import torch_models
from interop import predictions

BATCH = 8
STEPS = 10
SEED = 0
SGD = {"type": "sgd", "lr": 0.01, "momentum": 0.9}
ADAM_LR = {"mlp-tiny": 0.001, "bert-tiny": 0.0001}  # the spec's lr; mlp-tiny's spec trains with SGD, so Adam takes 1e-3
CLASSES = {"mlp-fashion": 10, "cnn-fashion": 10, "lstm": 10, "bert-tiny": 8}
BINARY = ("cnn-binary", "text-gap")
SEQUENCE_LENGTH = {"text-gap": 100, "lstm": 100, "bert-tiny": 32}
VOCABULARY = {"text-gap": 1000, "lstm": 1000, "bert-tiny": 128}
# A smaller table keeps the fixture small; dropout off because two dropout streams cannot agree.
BERT_OVERRIDES = {"vocab_size": 128, "max_position_embeddings": 32, "hidden_dropout_prob": 0.0,
                  "attention_probs_dropout_prob": 0.0}
BERT_CLASSIFIER_DROPOUT = 0.0
MODELS = ("mlp-tiny", "mlp-fashion", "cnn-fashion", "cnn-binary", "text-gap", "lstm", "bert-tiny")


def build(name):
    torch.manual_seed(SEED)
    if name != "bert-tiny":
        return torch_models.build(name)
    model = torch_models.build(name, **BERT_OVERRIDES)
    model.dropout.p = BERT_CLASSIFIER_DROPOUT
    return model


def synthetic_data(name, generator):
    """All batches' inputs and labels, BATCH × STEPS samples."""
    n = BATCH * STEPS
    if name == "mlp-tiny":
        x = torch.randn(n, 2, generator=generator)
        return x, (x[:, :1] * 0.7 - x[:, 1:] * 0.4 + 0.1 * torch.randn(n, 1, generator=generator))
    if name in SEQUENCE_LENGTH:
        length, vocabulary = SEQUENCE_LENGTH[name], VOCABULARY[name]
        ids = torch.randint(1, vocabulary, (n, length), generator=generator, dtype=torch.int32)
        real = torch.randint(1, length + 1, (n,), generator=generator)
        ids[torch.arange(length)[None, :] >= real[:, None]] = 0  # right-padded with id 0
        inputs = ids
    else:
        inputs = torch.randint(0, 256, (n, 1, 28, 28), generator=generator).float() / 255
    if name in BINARY:
        return inputs, torch.randint(0, 2, (n,), generator=generator).float()
    return inputs, torch.randint(0, CLASSES[name], (n,), generator=generator, dtype=torch.int32)


def optimizer_for(kind, name, parameters):
    if kind == "sgd":
        return torch.optim.SGD(parameters, lr=SGD["lr"], momentum=SGD["momentum"])
    return torch.optim.Adam(parameters, lr=adam_settings(name)["lr"])


def adam_settings(name):
    return {"type": "adam", "lr": ADAM_LR.get(name, 0.001)}


def train(name, kind, initial, inputs, labels):
    """STEPS steps from `initial`; returns the loss before each step and the weights after the last."""
    model = build(name)
    model.load_state_dict(initial)
    model.train()
    optimizer = optimizer_for(kind, name, model.parameters())
    loss_fn = torch_models.loss_for(name)
    losses = []
    for step in range(STEPS):
        batch = slice(step * BATCH, (step + 1) * BATCH)
        x, y = inputs[batch], labels[batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x.long() if not x.is_floating_point() else x), y.long() if not y.is_floating_point() else y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model.state_dict()


def write_fixture(name, folder):
    model = build(name)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    inputs, labels = synthetic_data(name, torch.Generator().manual_seed(SEED))
    first = inputs[:BATCH]
    outputs = predictions(name, model, first.long() if not first.is_floating_point() else first)
    tensors = dict(initial)
    settings = {"model": name, "batch_size": BATCH, "steps": STEPS, "seed": SEED}
    if name == "bert-tiny":
        settings["bert_overrides"] = {**BERT_OVERRIDES, "classifier_dropout": BERT_CLASSIFIER_DROPOUT,
                                      "sequence_length": SEQUENCE_LENGTH[name]}
    for kind, optimizer in (("sgd", SGD), ("adam", adam_settings(name))):
        losses, final = train(name, kind, initial, inputs, labels)
        tensors.update({f"{kind}/{k}": v for k, v in final.items()})
        settings[kind] = {"optimizer": optimizer, "losses": losses}
    tensors.update({"inputs": inputs, "labels": labels, "torch_outputs": outputs})
    safetensors_io.save(tensors, os.path.join(folder, name + ".safetensors"))
    with open(os.path.join(folder, name + ".json"), "w") as f:
        json.dump(settings, f, indent=1)
        f.write("\n")
    print(name, "sgd", settings["sgd"]["losses"][0], "→", settings["sgd"]["losses"][-1],
          "adam", settings["adam"]["losses"][0], "→", settings["adam"]["losses"][-1])


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    folder = argv[0] if argv else os.path.join(here, "..", "src", "test", "resources", "reference", "models")
    os.makedirs(folder, exist_ok=True)
    torch.set_num_threads(1)
    for name in MODELS:
        write_fixture(name, folder)


if __name__ == "__main__":
    main(sys.argv[1:])
