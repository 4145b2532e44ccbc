package example;

import dev.clarke.data.Split;
import dev.clarke.data.Synthetic;
import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Init;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.train.EpochMetrics;
import dev.clarke.train.TrainConfig;
import dev.clarke.train.Trainer;
import java.util.List;
import java.util.Map;

/**
 * The README's network example: fits the built-in plane t = 2·x₁ − 3·x₂ + 0.5 + N(0, 0.1²) with an
 * MLP under the MSE loss, then reads the trained parameters by PyTorch name. The noise bounds the
 * test RMSE from below near 0.1, so a fit ends below 0.2. Exits with code 1 if it does not, or if
 * the state dict's names and shapes are not PyTorch's.
 */
public final class PlaneRegression {

    public static void main(String[] args) {
        Sequential net = new Sequential(Shape.of(2), List.of(
                new Linear(2, 32, Init.HE), new ActivationLayer(Activation.relu()), new Linear(32, 1, Init.HE)));
        TrainConfig c = TrainConfig.builder().epochs(20).adam(0.01).loss(Loss.mse()).build();
        Trainer.Result r = Trainer.train(net, Split.of(Synthetic.plane(), 800, Split.FIXED_SEED), c, null);
        Map<String, Tensor> sd = net.stateDict();
        net.loadStateDict(sd, true);
        EpochMetrics last = r.epochs().get(r.epochs().size() - 1);

        System.out.println("test rmse      = " + last.testRmse());
        sd.forEach((name, t) -> System.out.println("state dict     " + name + " " + t.shape()));

        if (!(last.testRmse() < 0.2) || !List.copyOf(sd.keySet()).equals(List.of("0.weight", "0.bias", "2.weight", "2.bias"))
                || !sd.get("0.weight").shape().equals(Shape.of(32, 2))) {
            System.err.println("unexpected: want test rmse < 0.2 and PyTorch's names and shapes");
            System.exit(1);
        }
    }
}
