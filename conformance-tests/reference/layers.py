"""Golden fixtures for Lathe's layers, computed by PyTorch: see README.md for the layout and
fixture_writer.py for what each file holds. Run from the repository root:

    /usr/bin/python3 conformance-tests/reference/layers.py
"""
import math
import os
import sys

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models  # noqa: E402
from fixture_writer import emit, seed  # noqa: E402


def single(layer):
    """forward for a layer of one input x and one output y."""
    return lambda i: {"y": layer(i["x"])}


NORMS = (nn.LayerNorm, nn.BatchNorm1d, nn.BatchNorm2d)


def randomize_affine(module, scale=0.2):
    """Moves normalisation scales off 1 and every shift and bias off 0 (PyTorch starts some of them
    there), so that their gradients and effects are not trivial."""
    with torch.no_grad():
        for sub in module.modules():
            for name, p in sub.named_parameters(recurse=False):
                if name == "weight" and isinstance(sub, NORMS):
                    p.copy_(1 + scale * torch.randn_like(p))
                elif "bias" in name:
                    p.copy_(scale * torch.randn_like(p))


# ---- Linear ----

def linear(name, inputs, outputs, bias, lead):
    seed(name)
    layer = nn.Linear(inputs, outputs, bias=bias)
    rows = math.prod(lead)
    emit(name, "linear", {"in_features": inputs, "out_features": outputs, "bias": bias}, inputs + outputs + rows,
         {"x": torch.randn(*lead, inputs)}, single(layer), layer)


# ---- Conv2d ----

def conv2d(name, shape, out_channels, kernel, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1, bias=True):
    seed(name)
    n, c, h, w = shape
    layer = nn.Conv2d(c, out_channels, kernel, stride=stride, padding=padding, dilation=dilation, groups=groups, bias=bias)
    x = torch.randn(*shape)
    y_shape = layer(x).shape
    k = kernel[0] * kernel[1]
    reduction = c // groups * k + out_channels // groups * k + n * y_shape[2] * y_shape[3]
    args = {"in_channels": c, "out_channels": out_channels, "kernel": list(kernel), "stride": list(stride),
            "padding": padding if isinstance(padding, str) else list(padding), "dilation": list(dilation),
            "groups": groups, "bias": bias}
    emit(name, "conv2d", args, reduction, {"x": x}, single(layer), layer)


# ---- pooling ----

def pool2d(name, kind, shape, kernel, stride, padding, count_include_pad=True):
    seed(name)
    if kind == "max_pool2d":
        layer = nn.MaxPool2d(kernel, stride, padding)
    else:
        layer = nn.AvgPool2d(kernel, stride, padding, count_include_pad=count_include_pad)
    args = {"kernel": kernel, "stride": stride, "padding": padding, "count_include_pad": count_include_pad}
    emit(name, kind, args, 2 * kernel * kernel, {"x": torch.randn(*shape)}, single(layer), layer)


# ---- normalisation ----

def batch_norm(name, shape, train):
    seed(name)
    channels = shape[1]
    layer = (nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d)(channels)
    randomize_affine(layer)
    with torch.no_grad():
        layer.running_mean.copy_(0.5 * torch.randn(channels))
        layer.running_var.copy_(0.5 + torch.rand(channels))
        layer.num_batches_tracked.fill_(3)
    per_channel = math.prod(shape) // channels
    kind = "batch_norm2d" if len(shape) == 4 else "batch_norm1d"
    args = {"num_features": channels, "eps": layer.eps, "momentum": layer.momentum}
    x = 1.5 * torch.randn(*shape) + 0.3
    emit(name, kind, args, 4 * per_channel, {"x": x}, single(layer), layer, train=train, after_buffers=True)


def layer_norm(name, shape, normalized):
    seed(name)
    layer = nn.LayerNorm(normalized)
    randomize_affine(layer)
    rows = math.prod(shape) // math.prod(normalized)
    emit(name, "layer_norm", {"normalized_shape": list(normalized), "eps": layer.eps}, 4 * math.prod(normalized) + rows,
         {"x": 2 * torch.randn(*shape) - 0.5}, single(layer), layer)


# ---- Embedding ----

def embedding(name, vocabulary, dim, padding_idx, ids):
    seed(name)
    layer = nn.Embedding(vocabulary, dim, padding_idx=padding_idx)
    if padding_idx is not None:
        with torch.no_grad():
            # a non-zero padding row: its value is still read, only its gradient stays zero
            layer.weight[padding_idx].normal_()
    ids = torch.tensor(ids)
    emit(name, "embedding", {"num_embeddings": vocabulary, "embedding_dim": dim, "padding_idx": padding_idx},
         ids.numel(), {"ids": ids}, lambda i: {"y": layer(i["ids"])}, layer, differentiable=())


# ---- LSTM and GRU on a packed batch ----

RNN_BATCH, RNN_STEPS, RNN_INPUT, RNN_HIDDEN = 3, 5, 4, 5
RNN_LENGTHS = [5, 2, 4]  # not sorted: PyTorch packs with enforce_sorted=False and restores the order


def recurrent(name, kind, layers, bidirectional):
    seed(name)
    module = {"lstm": nn.LSTM, "gru": nn.GRU}[kind](RNN_INPUT, RNN_HIDDEN, num_layers=layers, bidirectional=bidirectional,
                                                   batch_first=True)
    lengths = torch.tensor(RNN_LENGTHS)

    def forward(i):
        packed = pack_padded_sequence(i["x"], i["lengths"], batch_first=True, enforce_sorted=False)
        out, state = module(packed)
        y, _ = pad_packed_sequence(out, batch_first=True, total_length=RNN_STEPS)
        if kind == "lstm":
            return {"y": y, "h_n": state[0], "c_n": state[1]}
        return {"y": y, "h_n": state}

    gates = 4 if kind == "lstm" else 3
    widest_input = max(RNN_INPUT, RNN_HIDDEN * (2 if bidirectional else 1))
    reduction = 2 * layers * RNN_STEPS * (widest_input + RNN_HIDDEN + gates * RNN_HIDDEN) + RNN_BATCH * RNN_STEPS
    args = {"input_size": RNN_INPUT, "hidden_size": RNN_HIDDEN, "num_layers": layers, "bidirectional": bidirectional}
    emit(name, kind, args, reduction, {"x": torch.randn(RNN_BATCH, RNN_STEPS, RNN_INPUT), "lengths": lengths}, forward, module)


# ---- attention ----

ATTENTION_LENGTHS = [4, 2]


def real_steps(lengths, steps):
    """1.0 at real steps, 0.0 at right padding: Lathe's mask; PyTorch's key_padding_mask is its == 0."""
    return (torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]).float()


def attention_reduction(embed, heads, steps):
    """in-projection, scores, softmax, weighted sum and out-projection, forward and backward."""
    return 2 * (embed + embed // heads + 2 * steps + embed)


def multihead_attention(name, embed, heads):
    seed(name)
    steps = max(ATTENTION_LENGTHS)
    module = nn.MultiheadAttention(embed, heads, dropout=0.0, batch_first=True)
    randomize_affine(module)

    def forward(i):
        x = i["x"]
        y, _ = module(x, x, x, key_padding_mask=i["mask"] == 0, need_weights=False)
        return {"y": y}

    batch = len(ATTENTION_LENGTHS)
    emit(name, "multihead_attention", {"embed_dim": embed, "num_heads": heads},
         attention_reduction(embed, heads, steps) + batch * steps,
         {"x": torch.randn(batch, steps, embed), "mask": real_steps(ATTENTION_LENGTHS, steps)}, forward, module)


def transformer_encoder_layer(name, embed, heads, feedforward, norm_first):
    seed(name)
    steps = max(ATTENTION_LENGTHS)
    module = nn.TransformerEncoderLayer(embed, heads, feedforward, dropout=0.0, activation="gelu", batch_first=True,
                                        norm_first=norm_first)
    randomize_affine(module)

    def forward(i):
        return {"y": module(i["x"], src_key_padding_mask=i["mask"] == 0)}

    batch = len(ATTENTION_LENGTHS)
    reduction = attention_reduction(embed, heads, steps) + 2 * (embed + feedforward) + 2 * 4 * embed + batch * steps
    args = {"d_model": embed, "nhead": heads, "dim_feedforward": feedforward, "activation": "gelu",
            "layer_norm_eps": module.norm1.eps, "norm_first": norm_first}
    emit(name, "transformer_encoder_layer", args, reduction,
         {"x": torch.randn(batch, steps, embed), "mask": real_steps(ATTENTION_LENGTHS, steps)}, forward, module)


# ---- BERT with Hugging Face's names ----

# bert-tiny's shape (2 post-LN layers, 2 heads, GELU, LayerNorm eps 1e-12) at a size that keeps the fixture small
BERT_CONFIG = dict(vocab_size=30, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
                   max_position_embeddings=12, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
BERT_LENGTHS = [7, 4, 5]


def bert_config():
    """Every field of the config, so the Java side builds exactly this one."""
    return vars(torch_models.BertConfig(**BERT_CONFIG))


def bert_batch():
    """Right-padded token ids (pad 0) with token types 0/1 at the real steps."""
    steps = max(BERT_LENGTHS)
    real = real_steps(BERT_LENGTHS, steps).long()
    ids = torch.randint(1, BERT_CONFIG["vocab_size"], (len(BERT_LENGTHS), steps)) * real
    segments = torch.randint(0, 2, ids.shape) * real
    return ids, segments, real


def randomize_bert(module):
    """Hugging Face's N(0, 0.02) start makes attention nearly uniform; wider draws make every path matter."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "LayerNorm" in name and name.endswith("weight"):
                p.copy_(1 + 0.2 * torch.randn_like(p))
            else:
                p.normal_(0, 0.3)


def bert_reduction(classes=0):
    c = BERT_CONFIG
    hidden, steps = c["hidden_size"], max(BERT_LENGTHS)
    per_layer = attention_reduction(hidden, c["num_attention_heads"], steps) + 2 * (hidden + c["intermediate_size"]) + 2 * 4 * hidden
    return 4 * hidden + c["num_hidden_layers"] * per_layer + 2 * classes + len(BERT_LENGTHS) * steps


def bert_model(name):
    seed(name)
    module = torch_models.BertModel(torch_models.BertConfig(**BERT_CONFIG))
    randomize_bert(module)
    ids, segments, real = bert_batch()
    emit(name, "bert_model", {"config": bert_config()}, bert_reduction(),
         {"ids": ids, "segments": segments, "mask": real},
         lambda i: {"y": module(i["ids"], i["segments"], i["mask"])}, module, differentiable=())


def bert_classifier(name):
    """torch_models' bert-tiny with a small config, in eval mode (the classifier's dropout off)."""
    seed(name)
    module = torch_models.build("bert-tiny", **BERT_CONFIG)
    randomize_bert(module)
    ids, segments, _ = bert_batch()
    classes = module.classifier.out_features
    emit(name, "bert_classifier", {"spec": "examples/bert-tiny.json", "config": bert_config(), "steps": ids.shape[1]},
         bert_reduction(classes), {"ids": ids, "segments": segments},
         lambda i: {"y": module(i["ids"], i["segments"])}, module, differentiable=(), train=False)


def main():
    linear("linear", 5, 3, True, (4,))
    linear("linear_no_bias", 5, 3, False, (4,))
    linear("linear_3d_input", 6, 4, True, (2, 3))

    conv2d("conv2d", (2, 2, 6, 6), 3, (3, 3))
    conv2d("conv2d_stride2", (2, 2, 7, 7), 4, (3, 3), stride=(2, 2))
    conv2d("conv2d_padding1", (2, 3, 5, 5), 2, (3, 3), padding=(1, 1))
    conv2d("conv2d_same_even_kernel", (2, 2, 6, 5), 3, (4, 3), padding="same")
    conv2d("conv2d_same_dilation2", (1, 2, 7, 7), 2, (3, 3), padding="same", dilation=(2, 2))
    conv2d("conv2d_dilation2", (2, 2, 8, 8), 3, (3, 3), dilation=(2, 2))
    conv2d("conv2d_groups2", (2, 4, 5, 5), 6, (3, 3), padding=(1, 1), groups=2)
    conv2d("conv2d_rectangular", (2, 3, 6, 7), 2, (2, 3), stride=(2, 1), padding=(1, 0))
    conv2d("conv2d_no_bias", (2, 2, 5, 5), 3, (3, 3), padding=(1, 1), bias=False)

    pool2d("max_pool2d_2", "max_pool2d", (2, 3, 5, 6), 2, 2, 0)
    pool2d("max_pool2d_3_stride2_pad1", "max_pool2d", (2, 2, 7, 7), 3, 2, 1)
    pool2d("avg_pool2d_2", "avg_pool2d", (2, 3, 5, 6), 2, 2, 0)
    pool2d("avg_pool2d_3_stride2_pad1", "avg_pool2d", (2, 2, 7, 7), 3, 2, 1)
    pool2d("avg_pool2d_3_stride2_pad1_exclude_pad", "avg_pool2d", (2, 2, 7, 7), 3, 2, 1, count_include_pad=False)

    batch_norm("batch_norm1d_train", (8, 4), True)
    batch_norm("batch_norm1d_train_sequence", (4, 3, 5), True)
    batch_norm("batch_norm1d_eval", (6, 4), False)
    batch_norm("batch_norm2d_train", (4, 3, 4, 5), True)
    batch_norm("batch_norm2d_eval", (3, 3, 4, 4), False)
    layer_norm("layer_norm", (3, 4, 8), (8,))
    layer_norm("layer_norm_two_axes", (3, 4, 5), (4, 5))

    embedding("embedding", 7, 3, None, [[1, 2, 3, 2], [6, 1, 1, 0]])
    embedding("embedding_padding_idx", 10, 4, 0, [[3, 5, 7, 0, 0], [9, 3, 0, 0, 0], [1, 2, 3, 4, 5]])

    for kind in ("lstm", "gru"):
        for layers in (1, 2):
            for bidirectional in (False, True):
                recurrent(f"{kind}_{layers}_layer{'s' if layers > 1 else ''}{'_bidirectional' if bidirectional else ''}",
                          kind, layers, bidirectional)

    multihead_attention("multihead_attention", 8, 2)
    transformer_encoder_layer("transformer_encoder_layer", 8, 2, 16, False)
    transformer_encoder_layer("transformer_encoder_layer_norm_first", 8, 2, 16, True)
    bert_model("bert_model")
    bert_classifier("bert_classifier")


if __name__ == "__main__":
    main()
