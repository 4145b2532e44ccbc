package dev.clarke.cli;

import dev.clarke.lang.DeepStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code clarke} command. */
@Command(name = "clarke", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Automatic differentiation that is correct on non-differentiable programs: gradients of "
                + "programs with relu, abs, max, clamp and if-then-else, with every kink the evaluation hit "
                + "and the kink policy that decided the derivative there."},
        subcommands = {GradCommand.class, AnfCommand.class, CheckCommand.class, EnumerateCommand.class, CertifyCommand.class, DemoCommand.class, TrainCommand.class, BifurcationCommand.class, AuditCommand.class, ExperimentCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  clarke grad 'relu(x) - relu(-x)' --at x=0",
            "  clarke grad 'max(x, y) + abs(x - 2*y)' --at x=1,y=1 --policy pytorch",
            "  clarke check 'relu(x) - relu(-x)' --at x=0",
            "  clarke enumerate --widths 2 --activation relu --values=-3..3",
            "  clarke demo",
            "  clarke train --data mnist --arch 784-256-10 --epochs 15",
            "  clarke bifurcation --width 16,64,256 --dtype f64,f32,f16 --draws 100",
            "  clarke audit model.onnx --inputs x.npy --labels y.npy --json",
            "",
            "Every command takes --json (one JSON object on stdout) and --help."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line on {@link DeepStack}'s thread (a 256 MB stack, reserved, not committed:
     * every interpreter's recursion over a program at the parser's depth bound fits, whatever the
     * platform's default thread stack), with a last guard that turns an exhausted stack or heap into
     * one line and exit code 2.
     *
     * @param args the command line's arguments, without the program name
     * @param out where results go
     * @param err where errors go
     * @return the exit code: 0 success, 2 bad input, 70 internal error
     */
    public static int run(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        return DeepStack.run(() -> guarded(args, out, err));
    }

    private static int guarded(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        try {
            return execute(args, out, err);
        } catch (StackOverflowError e) {
            return lastResort(out, err, "the input is nested too deeply for this command: simplify it (see docs/reliability.md)");
        } catch (OutOfMemoryError e) {
            return lastResort(out, err, "out of memory: the input or the work asked for is too large for this JVM's heap"
                    + " (try a smaller input, or raise the heap with JAVA_TOOL_OPTIONS=-Xmx...)");
        }
    }

    private static int lastResort(java.io.PrintWriter out, java.io.PrintWriter err, String message) {
        out.flush();
        err.println("clarke: " + message);
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int execute(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setUsageHelpAutoWidth(true);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line with its error handlers: a bad option is one line and exit code 2, an
     * unexpected exception one line and exit code 70. Help is 80 columns wide unless set otherwise.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("grad").getCommandSpec().usageMessage().description(GradCommand.description());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("clarke " + c.getCommandName() + ": " + Messages.line(ex.getMessage())
                    + " (see clarke " + (c.getCommandName().equals("clarke") ? "" : c.getCommandName() + " ")
                    + "--help)");
            c.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("clarke " + c.getCommandName() + ": internal error: " + Messages.line(ex.toString())
                    + " (please report it with the command line)");
            c.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    /**
     * The {@code clarke} executable: runs the command line and exits with its code.
     *
     * @param args the command line's arguments
     */
    public static void main(String[] args) {
        java.io.PrintWriter out = new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.StandardCharsets.UTF_8), true);
        java.io.PrintWriter err = new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err,
                java.nio.charset.StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
    }
}
