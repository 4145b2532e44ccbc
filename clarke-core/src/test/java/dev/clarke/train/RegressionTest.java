package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Gradients;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.data.Csv;
import dev.clarke.data.Dataset;
import dev.clarke.data.Minibatches;
import dev.clarke.data.Split;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer with a loss chosen by the caller: MSE on real-valued targets. */
class RegressionTest {

    /** t = 2·x1 − 3·x2 + 0.5 on the 3×3 grid {−1, 0, 1}², exactly. */
    private static Dataset plane() {
        float[] x = new float[18];
        float[] t = new float[9];
        int i = 0;
        for (int a = -1; a <= 1; a++) {
            for (int b = -1; b <= 1; b++) {
                x[2 * i] = a;
                x[2 * i + 1] = b;
                t[i++] = 2 * a - 3 * b + 0.5f;
            }
        }
        return Dataset.regression("plane", x, t, Shape.of(2));
    }

    @Test
    void mseGradientOnTwoSamplesIsTheHandDerivedOne() {
        // y_i = w·x_i + b, L = ½ Σ (y_i − t_i)²: dL/dw = Σ (y_i − t_i)·x_i, dL/db = Σ (y_i − t_i).
        // w = 0.5, b = 0.25, x = (1, 2), t = (3, 5): residuals (−2.25, −3.75), dw = −9.75, db = −6.
        Sequential net = new Sequential(Shape.of(1), List.of(new Linear(1, 1, Init.HE)));
        Trace tr = new Trace();
        List<Tensor> params = List.of(Tensor.of(DType.F64, Shape.of(1, 1), new double[] {0.5}),
                Tensor.of(DType.F64, Shape.of(1), new double[] {0.25}));
        Sequential.Pass pass = net.forward(tr, params, Tensor.of(DType.F64, Shape.of(2, 1), new double[] {1, 2}),
                Layer.Mode.EVAL);
        Var loss = Loss.mse().bind(new int[2], Tensor.of(DType.F64, Shape.of(2, 1), new double[] {3, 5}))
                .apply(pass.output());
        assertEquals((2.25 * 2.25 + 3.75 * 3.75) / 2, loss.item(), 1e-12);
        Gradients g = tr.grad(loss, pass.leaves());
        assertEquals(-9.75, g.of(pass.leaves()[0]).get(0), 1e-12);
        assertEquals(-6.0, g.of(pass.leaves()[1]).get(0), 1e-12);
    }

    @Test
    void linearRegressionOnExactDataReachesTheCoefficients() {
        Dataset d = plane();
        Sequential net = new Sequential(Shape.of(2), List.of(new Linear(2, 1, Init.XAVIER)));
        TrainConfig c = TrainConfig.builder().loss(Loss.mse()).sgd(0.1, 0).batch(9).epochs(400).dtype(DType.F64)
                .certify(false).build();
        Trainer.Result r = Trainer.train(net, new Split(d, d), c, null);
        // full-batch gradient descent on a strictly convex quadratic (the grid's features are centred and
        // uncorrelated, E[x x^T] = (2/3)·I): w → (2, −3), b → 0.5
        Tensor w = net.stateDict().get("0.weight");
        assertEquals(Shape.of(1, 2), w.shape());
        assertEquals(2.0, w.get(0), 1e-6);
        assertEquals(-3.0, w.get(1), 1e-6);
        assertEquals(0.5, net.stateDict().get("0.bias").get(0), 1e-6);
        EpochMetrics last = r.epochs().get(r.epochs().size() - 1);
        assertTrue(last.regression());
        assertTrue(last.testRmse() < 1e-6, "rmse " + last.testRmse());
    }

    @Test
    void aLossThatDoesNotFitTheTargetsIsRefusedInWords() {
        Dataset d = plane();
        Sequential net = new Sequential(Shape.of(2), List.of(new Linear(2, 1, Init.XAVIER)));
        String m = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(net, new Split(d, d), TrainConfig.builder().epochs(1).build(), null)).getMessage();
        assertTrue(m.contains("real-valued targets") && m.contains("use mse"), m);
    }

    @Test
    void csvWithANumericTargetColumnIsARegressionDataSet() throws IOException {
        Dataset d = Csv.parseRegression(new StringReader("x1,x2,y\n1,2,0.5\n\"3\",4,-1.25\n"), "r.csv");
        assertTrue(d.isRegression());
        assertEquals(2, d.size());
        Tensor t = d.targets(d.allIndices(), 0, 2, DType.F64);
        assertEquals(Shape.of(2, 1), t.shape());
        assertEquals(0.5, t.get(0));
        assertEquals(-1.25, t.get(1));
        assertEquals(3.0f, d.feature(1, 0));
        Minibatches.Batch b = Minibatches.inOrder(d, 1, DType.F64).iterator().next();
        assertEquals(0.5, b.targets().get(0));
        assertThrows(IOException.class, () -> Csv.parseRegression(new StringReader("1,2,0.5\n3,4,cat\n"), "bad.csv"));
    }
}
