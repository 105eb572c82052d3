package dev.lathe.layers.bert;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.functional.Dropout;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.layers.Embedding;
import dev.lathe.layers.LayerNorm;
import dev.lathe.layers.Module;
import dev.lathe.layers.init.Initializer;

/** Hugging Face's BertEmbeddings: word + absolute position + token type vectors, then LayerNorm and dropout. */
final class BertEmbeddings extends Module {

    private final BertConfig config;
    private final Generator dropoutGenerator;
    private final Embedding wordEmbeddings;
    private final Embedding positionEmbeddings;
    private final Embedding tokenTypeEmbeddings;
    private final LayerNorm layerNorm;

    BertEmbeddings(BertConfig config, Generator generator) {
        this.config = config;
        Initializer normal = Initializer.normal(config.initializerRange());
        int hidden = config.hiddenSize();
        this.wordEmbeddings = addChild("word_embeddings", new Embedding(config.vocabSize(), hidden, config.padTokenId(), normal, generator));
        this.positionEmbeddings = addChild("position_embeddings",
                new Embedding(config.maxPositionEmbeddings(), hidden, null, normal, generator));
        this.tokenTypeEmbeddings = addChild("token_type_embeddings",
                new Embedding(config.typeVocabSize(), hidden, null, normal, generator));
        this.layerNorm = addChild("LayerNorm", new LayerNorm(new int[] {hidden}, config.layerNormEps(), true));
        this.dropoutGenerator = addGenerator(generator.split());
    }

    /** The parameters' floating-point type, which the hidden states take. */
    DType dtype() {
        return wordEmbeddings.weight().value().dtype();
    }

    /** ids and segments [N, T] I32 (segments null: all type 0) → [N, T, H]. */
    Tensor forward(Tensor ids, Tensor segments) {
        int steps = ids.size(1);
        Tensor positions = Tensors.arange(steps, DType.I32, ids.device());
        Tensor types = segments != null ? tokenTypeEmbeddings.forward(segments)
                : tokenTypeEmbeddings.weight().value().narrow(0, 0, 1);
        Tensor sum = Elementwise.add(Elementwise.add(wordEmbeddings.forward(ids), types), positionEmbeddings.forward(positions));
        return Dropout.dropout(layerNorm.forward(sum), config.hiddenDropoutProb(), isTraining(), dropoutGenerator);
    }
}
