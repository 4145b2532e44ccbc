package dev.clarke.cli;

import dev.clarke.nn.Layer;
import dev.clarke.train.Bifurcation;
import dev.clarke.train.EpochMetrics;
import dev.clarke.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts drawn with XChart (headless): training curves, kink hits per layer, the bifurcation table. */
final class Plots {

    private Plots() {
    }

    private static XYChart chart(String title, String x, String y) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setMarkerSize(6);
        return c;
    }

    /** Writes the chart as a PNG, atomically; {@code option} names the option that asked for it in errors. */
    private static void save(XYChart c, String option, Path file, boolean force) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new BadInput(option + ": cannot draw " + file.getFileName() + ": " + Messages.reason(e));
        }
        Outputs.write(option, file, force, out -> out.write(png));
    }

    private static double[] epochs(List<EpochMetrics> ms) {
        double[] x = new double[ms.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ms.get(i).epoch();
        }
        return x;
    }

    /** loss.png, accuracy.png and kinks.png in {@code dir}. */
    static void training(Path dir, boolean force, Trainer.Result r) {
        List<EpochMetrics> ms = r.epochs();
        double[] x = epochs(ms);
        double[] trL = new double[x.length];
        double[] teL = new double[x.length];
        double[] trA = new double[x.length];
        double[] teA = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            trL[i] = ms.get(i).trainLoss();
            teL[i] = ms.get(i).testLoss();
            trA[i] = 100 * ms.get(i).trainAccuracy();
            teA[i] = 100 * ms.get(i).testAccuracy();
        }
        XYChart loss = chart("Cross-entropy loss", "epoch", "loss");
        loss.addSeries("train", x, trL).setMarker(SeriesMarkers.CIRCLE);
        loss.addSeries("test", x, teL).setMarker(SeriesMarkers.DIAMOND);
        save(loss, "--report", dir.resolve("loss.png"), force);
        XYChart acc = chart("Accuracy", "epoch", "accuracy (%)");
        acc.addSeries("train", x, trA).setMarker(SeriesMarkers.CIRCLE);
        acc.addSeries("test", x, teA).setMarker(SeriesMarkers.DIAMOND);
        save(acc, "--report", dir.resolve("accuracy.png"), force);
        XYChart kinks = chart("Kink hits per layer and epoch (" + r.kinks().totalHits() + " in all)", "epoch", "kink hits");
        List<Layer> ls = r.network().layers();
        for (int l = 0; l < ls.size(); l++) {
            if (!TrainOutput.kinky(ls.get(l)) && r.kinks().hits(l) == 0) {
                continue;
            }
            double[] h = new double[x.length];
            double[] nz = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                h[i] = ms.get(i).kinks().hits(l);
                nz[i] = ms.get(i).kinks().ndfHits(l);
            }
            kinks.addSeries("layer " + l + " " + ls.get(l).describe() + " hits", x, h).setMarker(SeriesMarkers.CIRCLE);
            kinks.addSeries("layer " + l + " non-zero adjoint", x, nz).setMarker(SeriesMarkers.CROSS);
        }
        if (kinks.getSeriesMap().isEmpty()) {
            kinks.addSeries("no layer with kinks", x, new double[x.length]);
        }
        save(kinks, "--report", dir.resolve("kinks.png"), force);
    }

    /**
     * Differing draws per 1000 against width, one series per (dtype, depth); when only the depth varies,
     * against depth, one series per (dtype, width).
     */
    static void bifurcation(Path file, boolean force, List<Bifurcation.Result> rows) {
        boolean byDepth = rows.stream().mapToInt(Bifurcation.Result::width).distinct().count() == 1
                && rows.stream().mapToInt(Bifurcation.Result::depth).distinct().count() > 1;
        XYChart c = chart("Bifurcation: draws where relu'(0)=0 and relu'(0)=1 give different gradients",
                byDepth ? "hidden layers" : "hidden width", "differing draws per 1000");
        Map<String, List<Bifurcation.Result>> series = new LinkedHashMap<>();
        for (Bifurcation.Result r : rows) {
            String key = r.dtype().id() + (byDepth ? ", width " + r.width() : ", depth " + r.depth());
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        c.getStyler().setXAxisLogarithmic(!byDepth && rows.stream().mapToInt(Bifurcation.Result::width).distinct().count() > 2);
        for (Map.Entry<String, List<Bifurcation.Result>> e : series.entrySet()) {
            double[] x = new double[e.getValue().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Bifurcation.Result r = e.getValue().get(i);
                x[i] = byDepth ? r.depth() : r.width();
                y[i] = 1000.0 * r.differing() / r.draws();
            }
            XYSeries s = c.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        save(c, "--plot", file, force);
    }
}
