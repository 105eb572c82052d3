"""The MODELS.md models as PyTorch modules whose state_dict names equal Lathe's for the spec of the
same name in examples/ (numbered like nn.Sequential, BERT named like Hugging Face's BertModel), so
a Lathe checkpoint loads with load_state_dict(strict=True) and the other way round.

Each module's forward returns what the loss reads: logits for the classifiers (Lathe folds a final
softmax or sigmoid into the loss, as CrossEntropyLoss and BCEWithLogitsLoss do), the prediction
for mlp-tiny. `loss_for(name)` gives that loss.
"""
import math

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def _numbered(module, layers):
    """Registers layers under "0", "1", ... as nn.Sequential and Lathe's Sequential do."""
    for index, layer in enumerate(layers):
        module.add_module(str(index), layer)


class ConvNet(nn.Module):
    """cnn-fashion (outputs 10) and cnn-binary (outputs 1): Sequential-numbered, so 11.weight is the head."""

    def __init__(self, outputs):
        super().__init__()
        _numbered(self, [
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, outputs)])

    def forward(self, x):
        for layer in self.children():
            x = layer(x)
        return x.squeeze(1) if x.shape[1] == 1 else x


class TextGap(nn.Module):
    """Embedding 16 → mean over all 100 positions (no mask: the spec sets no padding index) → Dense 32 ReLU → Dense 1."""

    def __init__(self):
        super().__init__()
        _numbered(self, [nn.Embedding(1000, 16), nn.Identity(), nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 1)])
        # Keras's initialisation, as the spec asks: Embedding uniform ±0.05, Glorot-uniform Dense, zero bias.
        nn.init.uniform_(self[0].weight, -0.05, 0.05)
        for dense in (self[2], self[4]):
            nn.init.xavier_uniform_(dense.weight)
            nn.init.zeros_(dense.bias)

    def __getitem__(self, index):
        return getattr(self, str(index))

    def forward(self, ids):
        pooled = self[0](ids).mean(dim=1)
        return self[4](torch.relu(self[2](pooled))).squeeze(1)


class LstmClassifier(nn.Module):
    """Embedding(1000, 16, padding 0) → LSTM 32 over the real (right-padded) steps → last hidden state → Dense 10."""

    def __init__(self):
        super().__init__()
        _numbered(self, [nn.Embedding(1000, 16, padding_idx=0), nn.LSTM(16, 32, batch_first=True), nn.Linear(32, 10)])

    def forward(self, ids):
        lengths = (ids != 0).sum(dim=1).cpu()
        packed = pack_padded_sequence(getattr(self, "0")(ids), lengths, batch_first=True, enforce_sorted=False)
        _, (hidden, _) = getattr(self, "1")(packed)
        return getattr(self, "2")(hidden[-1])


class BertConfig:
    """The fields of Hugging Face's BertConfig that the encoder reads, with bert-tiny's values as defaults."""

    def __init__(self, vocab_size=5000, hidden_size=128, num_hidden_layers=2, num_attention_heads=2,
                 intermediate_size=512, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
                 max_position_embeddings=128, type_vocab_size=2, initializer_range=0.02,
                 layer_norm_eps=1e-12, pad_token_id=0):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob
        self.max_position_embeddings = max_position_embeddings
        self.type_vocab_size = type_vocab_size
        self.initializer_range = initializer_range
        self.layer_norm_eps = layer_norm_eps
        self.pad_token_id = pad_token_id


class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, ids, segments):
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        summed = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(segments)
        return self.dropout(self.LayerNorm(summed))


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def forward(self, hidden, additive_mask):
        n, t, width = hidden.shape
        split = lambda x: x.view(n, t, self.heads, width // self.heads).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.query(hidden)), split(self.key(hidden)), split(self.value(hidden))
        scores = q @ k.transpose(-1, -2) / math.sqrt(width // self.heads) + additive_mask
        context = self.dropout(scores.softmax(dim=-1)) @ v
        return context.transpose(1, 2).reshape(n, t, width)


class BertResidualOutput(nn.Module):
    """dense → dropout → LayerNorm(· + residual): Hugging Face's BertSelfOutput and BertOutput."""

    def __init__(self, c, inputs):
        super().__init__()
        self.dense = nn.Linear(inputs, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x, residual):
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertResidualOutput(c, c.hidden_size)

    def forward(self, hidden, additive_mask):
        return self.output(self.self(hidden, additive_mask), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertResidualOutput(c, c.intermediate_size)

    def forward(self, hidden, additive_mask):
        attended = self.attention(hidden, additive_mask)
        return self.output(self.intermediate(attended), attended)


class BertEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c.num_hidden_layers)])

    def forward(self, hidden, additive_mask):
        for layer in self.layer:
            hidden = layer(hidden, additive_mask)
        return hidden


class BertModel(nn.Module):
    """Hugging Face's BertModel without the pooler (the specs pool the [CLS] position directly)."""

    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)
        self.pad_token_id = c.pad_token_id
        self.apply(lambda m: _init_bert_weights(m, c))

    def forward(self, ids, segments=None, attention_mask=None):
        segments = torch.zeros_like(ids) if segments is None else segments
        attention_mask = (ids != self.pad_token_id) if attention_mask is None else attention_mask
        # Hugging Face adds the dtype's smallest value to the scores of padded keys.
        additive = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        return self.encoder(self.embeddings(ids, segments), additive)


def _init_bert_weights(module, c):
    """Hugging Face's BertPreTrainedModel._init_weights."""
    if isinstance(module, (nn.Linear, nn.Embedding)):
        module.weight.data.normal_(0.0, c.initializer_range)
    if isinstance(module, nn.Linear) and module.bias is not None:
        module.bias.data.zero_()
    if isinstance(module, nn.Embedding) and module.padding_idx is not None:
        module.weight.data[module.padding_idx].zero_()
    if isinstance(module, nn.LayerNorm):
        module.weight.data.fill_(1.0)
        module.bias.data.zero_()


class BertClassifier(nn.Module):
    """bert → [CLS] position → Dropout 0.3 → classifier, as examples/bert-tiny.json and bert-base.json."""

    def __init__(self, config, classes, classifier_dropout=0.3):
        super().__init__()
        self.bert = BertModel(config)
        self.dropout = nn.Dropout(classifier_dropout)
        self.classifier = nn.Linear(config.hidden_size, classes)
        _init_bert_weights(self.classifier, config)

    def forward(self, ids, segments=None, attention_mask=None):
        return self.classifier(self.dropout(self.bert(ids, segments, attention_mask)[:, 0]))


def build(name, **bert_overrides):
    """The PyTorch module for the examples/<name>.json model; `bert_overrides` change BertConfig fields."""
    if name == "mlp-tiny":
        return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    if name == "mlp-fashion":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "cnn-fashion":
        return ConvNet(10)
    if name == "cnn-binary":
        return ConvNet(1)
    if name == "text-gap":
        return TextGap()
    if name == "lstm":
        return LstmClassifier()
    if name == "bert-tiny":
        return BertClassifier(BertConfig(**bert_overrides), classes=8)
    if name == "bert-base":
        base = dict(vocab_size=21128, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                    intermediate_size=3072, max_position_embeddings=512)
        return BertClassifier(BertConfig(**{**base, **bert_overrides}), classes=2)
    raise ValueError(f"unknown model {name}")


def loss_for(name):
    """The loss each spec trains with, on what `build(name)` returns."""
    if name == "mlp-tiny":
        return nn.MSELoss()
    if name in ("cnn-binary", "text-gap"):
        return nn.BCEWithLogitsLoss()
    return nn.CrossEntropyLoss()
