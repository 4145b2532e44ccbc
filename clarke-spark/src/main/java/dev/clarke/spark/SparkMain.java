package dev.clarke.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of the cluster jar for {@code spark-submit}: the {@code clarke} command line with
 * {@code --engine spark} added, so the master comes from {@code spark-submit --master}. For example
 * {@code spark-submit --class dev.clarke.spark.SparkMain clarke-spark-cluster.jar bifurcation --draws 1000 --json}.
 */
public final class SparkMain {

    private SparkMain() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args a clarke command and its options, e.g. {@code bifurcation --width 64 --draws 1000}
     */
    public static void main(String[] args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.isEmpty() && all.stream().noneMatch(a -> a.equals("--engine") || a.startsWith("--engine="))) {
            all.add(1, "--engine=spark");
        }
        dev.clarke.cli.Main.main(all.toArray(String[]::new));
    }
}
