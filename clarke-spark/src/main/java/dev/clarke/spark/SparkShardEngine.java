package dev.clarke.spark;

import dev.clarke.cli.ShardEngine;
import java.io.PrintWriter;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code --engine spark}: a {@link ShardEngine} on Apache Spark. Without {@code --master} (and outside
 * {@code spark-submit}, which sets {@code spark.master}) it runs embedded on {@code local[*]}, bound to
 * 127.0.0.1, with the web UI off. Found by the command line through {@link java.util.ServiceLoader}.
 */
public final class SparkShardEngine implements ShardEngine {

    /** The master when none is given. */
    public static final String DEFAULT_MASTER = "local[*]";

    /** Creates the engine (started by {@link #open}). */
    public SparkShardEngine() {
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Session open(String master, PrintWriter err) {
        SparkConf conf = new SparkConf().setAppName("clarke");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (Exception e) {   // SparkException, undeclared by the Scala constructor
            throw new IllegalArgumentException("Spark could not start: " + SparkShardSession.firstLine(e)
                    + " (a master is local, local[N], local[N,F], spark://host:port, yarn or k8s://...)");
        }
        return new SparkShardSession(sc, err);
    }
}
