package dev.lathe.layers.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lathe.engine.Generator;
import dev.lathe.layers.AvgPool2d;
import dev.lathe.layers.BatchNorm1d;
import dev.lathe.layers.BatchNorm2d;
import dev.lathe.layers.Conv2d;
import dev.lathe.layers.Dropout;
import dev.lathe.layers.Embedding;
import dev.lathe.layers.Flatten;
import dev.lathe.layers.GELU;
import dev.lathe.layers.GlobalAvgPool1d;
import dev.lathe.layers.GlobalAvgPool2d;
import dev.lathe.layers.GlobalMaxPool1d;
import dev.lathe.layers.Layer;
import dev.lathe.layers.LayerNorm;
import dev.lathe.layers.LeakyReLU;
import dev.lathe.layers.Linear;
import dev.lathe.layers.MaxPool2d;
import dev.lathe.layers.Padding;
import dev.lathe.layers.ReLU;
import dev.lathe.layers.Sigmoid;
import dev.lathe.layers.Softmax;
import dev.lathe.layers.Tanh;
import dev.lathe.layers.attention.FeedForwardActivation;
import dev.lathe.layers.attention.MultiheadAttention;
import dev.lathe.layers.attention.TransformerEncoderLayer;
import dev.lathe.layers.bert.Bert;
import dev.lathe.layers.bert.BertConfig;
import dev.lathe.layers.bert.BertPooling;
import dev.lathe.layers.init.Initializer;
import dev.lathe.layers.recurrent.GRU;
import dev.lathe.layers.recurrent.LSTM;
import dev.lathe.layers.recurrent.RecurrentOptions;
import dev.lathe.layers.recurrent.SimpleRNN;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the layer a spec entry describes for the shape of one input sample, with its defaults
 * (PyTorch's), its initialisers and its value checks at their JSON paths.
 */
final class LayerFactory {

    static final List<String> ACTIVATIONS = List.of("relu", "leaky_relu", "gelu", "tanh", "sigmoid", "softmax", "linear");

    /** Hugging Face config.json files carry many fields besides the architecture; only those are read. */
    private static final ObjectMapper HF_CONFIG = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final SpecChecks checks;
    private final Path folder;

    LayerFactory(SpecChecks checks, Path folder) {
        this.checks = checks;
        this.folder = folder;
    }

    static boolean takesTokenIds(LayerSpec entry) {
        return entry instanceof LayerSpec.Embedding || entry instanceof LayerSpec.Bert;
    }

    static String typeName(LayerSpec entry) {
        if (entry instanceof LayerSpec.Activation a) {
            return a.type();
        }
        if (entry instanceof LayerSpec.Recurrent r) {
            return r.type();
        }
        String simple = entry.getClass().getSimpleName();
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    /** The layer for {@code entry}, which receives samples of {@code shape}; errors name {@code path}. */
    Layer create(LayerSpec entry, int[] shape, Generator generator, String path) {
        try {
            return createUnchecked(entry, shape, generator, path);
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw checks.error(path, e.getMessage());
        }
    }

    /** The activation layer an entry's {@code activation} field appends, or null. */
    Layer activation(LayerSpec entry, String path) {
        String name = entry instanceof LayerSpec.Linear l ? l.activation()
                : entry instanceof LayerSpec.Conv2d c ? c.activation() : null;
        if (name == null || name.equals("linear")) {
            return null;
        }
        if (!ACTIVATIONS.contains(name)) {
            throw checks.error(path + ".activation", "unknown activation '" + name + "' (known: " + String.join(", ", ACTIVATIONS) + ")");
        }
        return activationLayer(name, null, null);
    }

    private static Layer activationLayer(String name, Double negativeSlope, Integer dim) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "leaky_relu" -> negativeSlope == null ? new LeakyReLU() : new LeakyReLU(negativeSlope);
            case "gelu" -> new GELU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "softmax" -> dim == null ? new Softmax() : new Softmax(dim);
            default -> throw new IllegalStateException("no activation layer named " + name);
        };
    }

    private Layer createUnchecked(LayerSpec entry, int[] shape, Generator generator, String path) {
        if (entry instanceof LayerSpec.Linear l) {
            checks.positive(path + ".units", l.units());
            return new Linear(last(shape), l.units(), orTrue(l.bias()), init(l.weightInit(), path + ".weight_init"),
                    init(l.biasInit(), path + ".bias_init"), generator);
        }
        if (entry instanceof LayerSpec.Conv2d c) {
            return conv2d(c, shape, generator, path);
        }
        if (entry instanceof LayerSpec.MaxPool2d p) {
            Size2 stride = poolGeometry(p.kernelSize(), p.stride(), p.padding(), path);
            Size2 padding = p.padding() == null ? new Size2(0, 0) : p.padding();
            return new MaxPool2d(p.kernelSize().height(), p.kernelSize().width(), stride.height(), stride.width(),
                    padding.height(), padding.width());
        }
        if (entry instanceof LayerSpec.AvgPool2d p) {
            Size2 stride = poolGeometry(p.kernelSize(), p.stride(), p.padding(), path);
            Size2 padding = p.padding() == null ? new Size2(0, 0) : p.padding();
            return new AvgPool2d(p.kernelSize().height(), p.kernelSize().width(), stride.height(), stride.width(),
                    padding.height(), padding.width(), orTrue(p.countIncludePad()));
        }
        if (entry instanceof LayerSpec.GlobalAvgPool1d) {
            return new GlobalAvgPool1d();
        }
        if (entry instanceof LayerSpec.GlobalMaxPool1d) {
            return new GlobalMaxPool1d();
        }
        if (entry instanceof LayerSpec.GlobalAvgPool2d) {
            return new GlobalAvgPool2d();
        }
        if (entry instanceof LayerSpec.Flatten) {
            return new Flatten();
        }
        if (entry instanceof LayerSpec.Dropout d) {
            checks.fraction(path + ".p", d.p());
            return new Dropout(d.p(), generator.split());
        }
        if (entry instanceof LayerSpec.Activation a) {
            return activationLayer(a.type(), a.negativeSlope(), a.dim());
        }
        if (entry instanceof LayerSpec.BatchNorm b) {
            checks.positiveNumber(path + ".eps", b.eps());
            checks.fraction(path + ".momentum", b.momentum());
            double eps = b.eps() == null ? 1e-5 : b.eps();
            double momentum = b.momentum() == null ? 0.1 : b.momentum();
            return shape.length == 3
                    ? new BatchNorm2d(shape[0], eps, momentum, orTrue(b.affine()), true)
                    : new BatchNorm1d(shape[0], eps, momentum, orTrue(b.affine()), true);
        }
        if (entry instanceof LayerSpec.LayerNorm n) {
            checks.positiveNumber(path + ".eps", n.eps());
            return new LayerNorm(new int[] {last(shape)}, n.eps() == null ? LayerNorm.DEFAULT_EPS : n.eps(), orTrue(n.elementwiseAffine()));
        }
        if (entry instanceof LayerSpec.Embedding e) {
            checks.positive(path + ".num_embeddings", e.numEmbeddings());
            checks.positive(path + ".embedding_dim", e.embeddingDim());
            if (e.paddingIdx() != null && (e.paddingIdx() < 0 || e.paddingIdx() >= e.numEmbeddings())) {
                throw checks.error(path + ".padding_idx", "must lie in [0, " + e.numEmbeddings() + "), got " + e.paddingIdx());
            }
            Initializer weightInit = e.weightInit() == null || e.weightInit().type() == InitSpec.Kind.DEFAULT
                    ? Initializer.normal(1) : init(e.weightInit(), path + ".weight_init");
            return new Embedding(e.numEmbeddings(), e.embeddingDim(), e.paddingIdx(), weightInit, generator);
        }
        if (entry instanceof LayerSpec.Recurrent r) {
            return recurrent(r, shape, generator, path);
        }
        if (entry instanceof LayerSpec.MultiheadAttention m) {
            checks.positive(path + ".num_heads", m.numHeads());
            checks.fraction(path + ".dropout", m.dropout());
            return new MultiheadAttention(last(shape), m.numHeads(), orZero(m.dropout()), generator);
        }
        if (entry instanceof LayerSpec.TransformerEncoder t) {
            checks.positive(path + ".num_heads", t.numHeads());
            checks.positive(path + ".dim_feedforward", t.dimFeedforward());
            checks.fraction(path + ".dropout", t.dropout());
            checks.positiveNumber(path + ".layer_norm_eps", t.layerNormEps());
            return new TransformerEncoderLayer(last(shape), t.numHeads(), t.dimFeedforward(),
                    t.dropout() == null ? 0.1 : t.dropout(), transformerActivation(t.activation(), path),
                    t.layerNormEps() == null ? 1e-5 : t.layerNormEps(), Boolean.TRUE.equals(t.normFirst()), generator);
        }
        if (entry instanceof LayerSpec.Bert b) {
            return bert(b, generator, path);
        }
        throw new IllegalStateException("no factory for " + entry.getClass().getSimpleName());
    }

    private Layer conv2d(LayerSpec.Conv2d c, int[] shape, Generator generator, String path) {
        checks.positive(path + ".filters", c.filters());
        checks.positive(path + ".kernel_size", c.kernelSize());
        checks.positive(path + ".stride", c.stride());
        checks.positive(path + ".dilation", c.dilation());
        checks.positive(path + ".groups", c.groups());
        if (shape.length != 3) {
            throw checks.error(path, "conv2d needs samples [C, H, W], got " + SpecChecks.shape(shape));
        }
        Conv2d.Builder builder = Conv2d.builder(shape[0], c.filters(), c.kernelSize().height())
                .kernel(c.kernelSize().height(), c.kernelSize().width())
                .bias(orTrue(c.bias()))
                .init(init(c.weightInit(), path + ".weight_init"), init(c.biasInit(), path + ".bias_init"));
        if (c.stride() != null) {
            builder.stride(c.stride().height(), c.stride().width());
        }
        if (c.dilation() != null) {
            builder.dilation(c.dilation().height(), c.dilation().width());
        }
        if (c.groups() != null) {
            builder.groups(c.groups());
        }
        if (c.padding() != null) {
            PaddingSpec p = c.padding();
            if (p.size() != null) {
                checks.nonNegative(path + ".padding", p.size());
            }
            builder.padding(p.mode() != null ? Padding.parse(p.mode()) : Padding.of(p.size().height(), p.size().width()));
        }
        return builder.build(generator);
    }

    private Size2 poolGeometry(Size2 kernel, Size2 stride, Size2 padding, String path) {
        checks.positive(path + ".kernel_size", kernel);
        checks.positive(path + ".stride", stride);
        checks.nonNegative(path + ".padding", padding);
        return stride == null ? kernel : stride;
    }

    private Layer recurrent(LayerSpec.Recurrent r, int[] shape, Generator generator, String path) {
        checks.positive(path + ".hidden_size", r.hiddenSize());
        checks.positive(path + ".num_layers", r.numLayers());
        checks.fraction(path + ".dropout", r.dropout());
        if (r.nonlinearity() != null && !r.type().equals("rnn")) {
            throw checks.error(path + ".nonlinearity", "applies to rnn layers only");
        }
        RecurrentOptions options = new RecurrentOptions(r.numLayers() == null ? 1 : r.numLayers(), orTrue(r.bias()),
                Boolean.TRUE.equals(r.bidirectional()), orZero(r.dropout()),
                Boolean.TRUE.equals(r.returnSequences()) ? RecurrentOptions.Returns.SEQUENCE : RecurrentOptions.Returns.LAST_STATE);
        if (shape.length != 2) {
            throw checks.error(path, r.type() + " needs sequences [T, C], got " + SpecChecks.shape(shape));
        }
        int input = shape[1];
        return switch (r.type()) {
            case "lstm" -> new LSTM(input, r.hiddenSize(), options, generator);
            case "gru" -> new GRU(input, r.hiddenSize(), options, generator);
            default -> new SimpleRNN(input, r.hiddenSize(), r.nonlinearity() == null ? SimpleRNN.Nonlinearity.TANH
                    : nonlinearity(r.nonlinearity(), path), options, generator);
        };
    }

    private SimpleRNN.Nonlinearity nonlinearity(String name, String path) {
        return switch (name) {
            case "tanh" -> SimpleRNN.Nonlinearity.TANH;
            case "relu" -> SimpleRNN.Nonlinearity.RELU;
            default -> throw checks.error(path + ".nonlinearity", "must be tanh or relu, got '" + name + "'");
        };
    }

    private FeedForwardActivation transformerActivation(String name, String path) {
        if (name == null) {
            return FeedForwardActivation.RELU;
        }
        if (!name.equals("relu") && !name.equals("gelu")) {
            throw checks.error(path + ".activation", "must be relu or gelu, got '" + name + "'");
        }
        return FeedForwardActivation.named(name);
    }

    private Layer bert(LayerSpec.Bert b, Generator generator, String path) {
        if ((b.config() == null) == (b.configFile() == null)) {
            throw checks.error(path, "give the BERT architecture as either config or config_file");
        }
        BertPooling pooling;
        try {
            pooling = b.pooling() == null ? BertPooling.CLS : BertPooling.named(b.pooling());
        } catch (IllegalArgumentException e) {
            throw checks.error(path + ".pooling", e.getMessage());
        }
        String configPath = b.config() != null ? path + ".config" : path + ".config_file";
        BertConfigSpec fields = b.config() != null ? b.config() : readConfigFile(b.configFile(), configPath);
        BertConfig config;
        try {
            config = bertConfig(fields);
        } catch (IllegalArgumentException e) {
            throw checks.error(configPath, e.getMessage());
        }
        return new Bert(config, pooling, generator);
    }

    private BertConfigSpec readConfigFile(String file, String path) {
        Path resolved = folder == null ? Path.of(file) : folder.resolve(file);
        try {
            return HF_CONFIG.readValue(Files.readString(resolved), BertConfigSpec.class);
        } catch (IOException e) {
            throw checks.error(path, "cannot read " + resolved + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The spec's fields over Hugging Face's defaults. */
    private static BertConfig bertConfig(BertConfigSpec s) {
        BertConfig d = BertConfig.defaults();
        return new BertConfig(
                or(s.vocabSize(), d.vocabSize()), or(s.hiddenSize(), d.hiddenSize()), or(s.numHiddenLayers(), d.numHiddenLayers()),
                or(s.numAttentionHeads(), d.numAttentionHeads()), or(s.intermediateSize(), d.intermediateSize()),
                s.hiddenAct() == null ? d.hiddenAct() : s.hiddenAct(),
                or(s.hiddenDropoutProb(), d.hiddenDropoutProb()), or(s.attentionProbsDropoutProb(), d.attentionProbsDropoutProb()),
                or(s.maxPositionEmbeddings(), d.maxPositionEmbeddings()), or(s.typeVocabSize(), d.typeVocabSize()),
                or(s.initializerRange(), d.initializerRange()), or(s.layerNormEps(), d.layerNormEps()),
                or(s.padTokenId(), d.padTokenId()));
    }

    private Initializer init(InitSpec spec, String path) {
        if (spec == null) {
            return Initializer.pytorchDefault();
        }
        return switch (spec.type()) {
            case DEFAULT -> Initializer.pytorchDefault();
            case GLOROT_UNIFORM -> Initializer.glorotUniform();
            case HE_NORMAL -> Initializer.heNormal();
            case ZEROS -> Initializer.zeros();
            case ONES -> Initializer.ones();
            case UNIFORM -> Initializer.uniform(required(spec.limit(), path + ".limit"));
            case NORMAL -> Initializer.normal(required(spec.std(), path + ".std"));
            case CONSTANT -> Initializer.constant(required(spec.value(), path + ".value"));
        };
    }

    private double required(Double value, String path) {
        if (value == null) {
            throw checks.error(path, "missing required field");
        }
        return value;
    }

    private static int last(int[] shape) {
        return shape[shape.length - 1];
    }

    private static boolean orTrue(Boolean value) {
        return value == null || value;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
