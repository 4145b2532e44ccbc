package dev.clarke.cli;

import dev.clarke.nn.Layer;
import dev.clarke.train.Bifurcation;
import dev.clarke.train.EpochMetrics;
import dev.clarke.train.KinkTelemetry;
import dev.clarke.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.clarke.audit.AuditResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts drawn with XChart (headless): training curves, kink hits per layer, the bifurcation table. */
final class Plots {

    /** One colour per kinked layer: a light disc for its hits, the dark shade for its non-zero adjoints. */
    private static final java.awt.Color[] LAYER_COLORS = {new java.awt.Color(31, 119, 180), new java.awt.Color(255, 127, 14),
        new java.awt.Color(44, 160, 44), new java.awt.Color(148, 103, 189), new java.awt.Color(214, 39, 40)};

    private Plots() {
    }

    private static XYChart chart(String title, String x, String y) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setMarkerSize(6);
        c.getStyler().setXAxisTickMarkSpacingHint(90);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        return c;
    }

    /** Writes the chart as a PNG, atomically; {@code option} names the option that asked for it in errors. */
    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, String option, Path file, boolean force) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new BadInput(option + ": cannot draw " + file.getFileName() + ": " + Messages.reason(e));
        }
        Outputs.write(option, file, force, out -> out.write(png));
    }

    /** loss.png, accuracy.png and kinks.png in {@code dir}, at the resolution of {@code history}. */
    static void training(Path dir, boolean force, Trainer.Result r, StepHistory history) {
        List<StepHistory.Point> ps = history.points();
        List<EpochMetrics> ms = r.epochs();
        boolean regression = ms.get(0).regression();
        double[] x = new double[ps.size()];
        double[] trL = new double[x.length];
        double[] trA = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = ps.get(i).step();
            trL[i] = ps.get(i).loss();
            trA[i] = regression ? Math.sqrt(ps.get(i).loss()) : 100 * ps.get(i).accuracy();
        }
        double[] ex = new double[ms.size()];
        double[] teL = new double[ex.length];
        double[] teA = new double[ex.length];
        for (int i = 0; i < ex.length; i++) {
            ex[i] = ms.get(i).steps();
            teL[i] = ms.get(i).testLoss();
            teA[i] = regression ? ms.get(i).testRmse() : 100 * ms.get(i).testAccuracy();
        }
        String per = history.stepsPerPoint() == 1 ? "per step" : "mean of " + history.stepsPerPoint() + " steps";
        XYChart loss = chart(regression ? "MSE loss" : "Cross-entropy loss", "step", "loss");
        curve(loss, "train (minibatch, " + per + ")", x, trL);
        endOfEpoch(loss, "test (end of epoch)", ex, teL);
        save(loss, "--report", dir.resolve("loss.png"), force);
        // a regression run plots the RMSE in accuracy.png's place
        XYChart acc = regression ? chart("RMSE", "step", "root mean squared error") : chart("Accuracy", "step", "accuracy (%)");
        curve(acc, "train (" + (regression ? "minibatch, " : "running mean in the epoch, ") + per + ")", x, trA);
        endOfEpoch(acc, "test (end of epoch)", ex, teA);
        save(acc, "--report", dir.resolve("accuracy.png"), force);
        save(kinks(r, ps, x, history.stepsPerPoint()), "--report", dir.resolve("kinks.png"), force);
    }

    private static void curve(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(x.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineStyle(SeriesLines.SOLID);
    }

    private static void endOfEpoch(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setLineStyle(SeriesLines.DASH_DASH);
    }

    /**
     * Kink hits and hits with a non-zero adjoint per layer, one marker per step (or run of steps) with
     * hits: filled circles for hits, crosses for non-zero adjoints drawn over them, so that equal counts
     * both show; a logarithmic axis when the counts span two orders of magnitude or more.
     */
    private static XYChart kinks(Trainer.Result r, List<StepHistory.Point> ps, double[] x, long perPoint) {
        KinkTelemetry k = r.kinks();
        String unit = perPoint == 1 ? "per step" : "per " + perPoint + " steps";
        String title = k.totalHits() == 0 ? TrainOutput.noKinkHit(k)
                : String.format(Locale.ROOT, "Kink hits %s: %,d in all, %,d with a non-zero adjoint", unit,
                        k.totalHits(), k.totalNdfHits());
        XYChart c = chart(title, "step", "kink hits " + unit);
        c.getStyler().setYAxisDecimalPattern("#,##0");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(10);
        List<Layer> ls = r.network().layers();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (StepHistory.Point p : ps) {
            for (int l = 0; l < ls.size(); l++) {
                if (p.hits()[l] > 0) {
                    min = Math.min(min, Math.min(p.hits()[l], p.ndfHits()[l] > 0 ? p.ndfHits()[l] : p.hits()[l]));
                    max = Math.max(max, p.hits()[l]);
                }
            }
        }
        boolean log = max > 0 && max / min >= 100;
        c.getStyler().setYAxisLogarithmic(log);
        if (!log) {
            c.getStyler().setYAxisMin(0.0);
        }
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(ps.isEmpty() ? 1.0 : (double) ps.get(ps.size() - 1).step());
        int shown = 0;
        for (int l = 0; l < ls.size(); l++) {
            if (k.hits(l) == 0) {
                continue;
            }
            java.awt.Color color = LAYER_COLORS[shown++ % LAYER_COLORS.length];
            scatter(c, String.format(Locale.ROOT, "layer %d %s: hits (%,d)", l, ls.get(l).describe(), k.hits(l)),
                    ps, l, false, SeriesMarkers.CIRCLE, new java.awt.Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
            if (k.ndfHits(l) > 0) {
                scatter(c, String.format(Locale.ROOT, "layer %d: non-zero adjoint (%,d)", l, k.ndfHits(l)),
                        ps, l, true, SeriesMarkers.CROSS, color.darker().darker());
            }
        }
        if (c.getSeriesMap().isEmpty()) {
            XYSeries s = c.addSeries("kink hits (none)", x, new double[x.length]);
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /** The points of layer {@code l} with a positive count, as markers only. */
    private static void scatter(XYChart c, String name, List<StepHistory.Point> ps, int l, boolean ndf,
                                org.knowm.xchart.style.markers.Marker marker, java.awt.Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (StepHistory.Point p : ps) {
            long n = ndf ? p.ndfHits()[l] : p.hits()[l];
            if (n > 0) {
                xs.add((double) p.step());
                ys.add((double) n);
            }
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(marker);
        s.setMarkerColor(color);
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

    /** The whole-data loss against the step, one curve per policy, of {@code clarke experiment sgd}. */
    static void sgd(Path file, boolean force, List<dev.clarke.experiment.SgdExperiment.Run> runs) {
        XYChart c = chart("Stochastic generalized-gradient descent: loss per kink policy", "step", "whole-data MSE");
        c.getStyler().setYAxisLogarithmic(true);
        for (dev.clarke.experiment.SgdExperiment.Run r : runs) {
            double[] x = new double[r.checkpoints().length];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.checkpoints()[i];
                y[i] = Math.max(r.loss()[i], 1e-12);
            }
            curve(c, r.policy().name(), x, y);
        }
        save(c, "--plot", file, force);
    }

    /**
     * nodes.png (kink hits and non-zero-adjoint hits per graph node that can have kinks) and
     * batches.png (both per batch, one colour per verdict) of an audit.
     */
    static void audit(Path dir, AuditResult r, boolean force) {
        System.setProperty("java.awt.headless", "true");
        CategoryChart nodes = new CategoryChartBuilder().width(800).height(500)
                .title("Kink hits per node (" + r.kinkHits() + " in all, " + r.ndfHits() + " with a non-zero adjoint)")
                .xAxisTitle("node").yAxisTitle("kink hits").build();
        List<String> names = new ArrayList<>();
        List<Long> hits = new ArrayList<>();
        List<Long> ndf = new ArrayList<>();
        for (AuditResult.NodeHits n : r.nodes()) {
            names.add(n.name() + " (" + n.op() + ")");
            hits.add(n.hits());
            ndf.add(n.ndfHits());
        }
        if (names.isEmpty()) {
            names.add("no node with kinks");
            hits.add(0L);
            ndf.add(0L);
        }
        nodes.addSeries("hits", names, hits);
        nodes.addSeries("non-zero adjoint", names, ndf);
        save(nodes, "--report", dir.resolve("nodes.png"), force);
        XYChart batches = chart("Kink hits per batch, marked by the batch gradient's verdict", "batch", "kink hits");
        Map<dev.clarke.certify.Verdict, List<AuditResult.Batch>> byVerdict = new java.util.EnumMap<>(dev.clarke.certify.Verdict.class);
        for (AuditResult.Batch b : r.batches()) {
            byVerdict.computeIfAbsent(b.verdict(), v -> new ArrayList<>()).add(b);
        }
        for (Map.Entry<dev.clarke.certify.Verdict, List<AuditResult.Batch>> e : byVerdict.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(AuditResult.Batch::index).toArray();
            double[] h = e.getValue().stream().mapToDouble(AuditResult.Batch::hits).toArray();
            double[] nz = e.getValue().stream().mapToDouble(AuditResult.Batch::ndfHits).toArray();
            XYSeries all = batches.addSeries(e.getKey().name() + ": hits", x, h);
            all.setMarker(SeriesMarkers.CIRCLE);
            all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            XYSeries nonZero = batches.addSeries(e.getKey().name() + ": non-zero adjoint", x, nz);
            nonZero.setMarker(SeriesMarkers.CROSS);
            nonZero.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        save(batches, "--report", dir.resolve("batches.png"), force);
    }
}
