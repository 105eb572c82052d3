package dev.lathe.layers.spec;

import dev.lathe.engine.Shapes;
import java.util.List;

/**
 * What {@code lathe summary} shows: each layer's name, kind, output shape (the batch dimension
 * written as -1) and parameter count, then the totals. Buffers (BatchNorm's running statistics)
 * are state but not trained, so they are counted apart.
 */
public record Summary(String model, List<Row> layers, long trainableParameters, long bufferElements) {

    public record Row(String name, String layer, int[] outputShape, long parameters) {
    }

    /** A fixed-width text table. */
    public String toTable() {
        String[] header = {"name", "layer", "output shape", "parameters"};
        int[] width = {header[0].length(), header[1].length(), header[2].length(), header[3].length()};
        for (Row row : layers) {
            width[0] = Math.max(width[0], row.name().length());
            width[1] = Math.max(width[1], row.layer().length());
            width[2] = Math.max(width[2], shapeText(row).length());
            width[3] = Math.max(width[3], String.format("%,d", row.parameters()).length());
        }
        StringBuilder out = new StringBuilder("Model: ").append(model).append('\n');
        String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %" + width[3] + "s%n";
        out.append(String.format(format, (Object[]) header));
        out.append("-".repeat(width[0] + width[1] + width[2] + width[3] + 6)).append('\n');
        for (Row row : layers) {
            out.append(String.format(format, row.name(), row.layer(), shapeText(row), String.format("%,d", row.parameters())));
        }
        out.append(String.format("Total parameters: %,d%n", trainableParameters));
        if (bufferElements > 0) {
            out.append(String.format("Buffers (not trained): %,d values%n", bufferElements));
        }
        return out.toString();
    }

    private static String shapeText(Row row) {
        return "[-1" + (row.outputShape().length == 0 ? "" : ", " + Shapes.format(row.outputShape())) + "]";
    }
}
