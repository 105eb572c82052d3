package dev.lathe.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** A PNG of the per-epoch loss (left) and accuracy (right) curves of a run, for training and validation, drawn with XChart. */
final class LossCurvePlot {

    private LossCurvePlot() {
    }

    static void write(List<Map<String, Object>> epochs, Path png) {
        XYChart loss = chart("loss", epochs, "loss", "val_loss");
        XYChart accuracy = chart("accuracy", epochs, "accuracy", "val_accuracy");
        List<XYChart> charts = new ArrayList<>();
        charts.add(loss);
        if (!accuracy.getSeriesMap().isEmpty()) {
            charts.add(accuracy);
        }
        Path partial = png.resolveSibling(png.getFileName() + ".partial");
        try {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), partial.toString(), BitmapEncoder.BitmapFormat.PNG);
            // BitmapEncoder appends the extension when the name lacks it
            Path written = Files.exists(partial) ? partial : partial.resolveSibling(partial.getFileName() + ".png");
            Files.move(written, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot " + png + ": " + e.getMessage(), e);
        }
    }

    private static XYChart chart(String title, List<Map<String, Object>> epochs, String... keys) {
        XYChart chart = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle("epoch").yAxisTitle(title).build();
        chart.getStyler().setMarkerSize(5);
        for (String key : keys) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Map<String, Object> epoch : epochs) {
                if (epoch.get(key) instanceof Number value && Double.isFinite(value.doubleValue())) {
                    x.add(((Number) epoch.get("epoch")).doubleValue());
                    y.add(value.doubleValue());
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(key, x, y);
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        return chart;
    }
}
