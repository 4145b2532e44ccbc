package dev.clarke.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clarke experiment}: reproducible experiments on the theory; without a name it lists them. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run a reproducible experiment that puts the theory to work, or list them.",
            "",
            "sgd: stochastic generalized-gradient descent on a dense ReLU network under several kink policies, "
                    + "every step certified (docs/theory/abs-normal.md)."},
        subcommands = {SgdCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  clarke experiment", "  clarke experiment sgd", "  clarke experiment sgd --steps 20000 --json"})
final class ExperimentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "List the experiments as one JSON object.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonObject o = new JsonObject();
            JsonArray names = new JsonArray();
            names.add("sgd");
            o.add("experiments", names);
            out.println(Json.print(o));
        } else {
            out.println("sgd   stochastic generalized-gradient descent under several kink policies, every step certified");
        }
    }
}
