/**
 * A separate Maven project that depends on {@code dev.clarke:clarke-core} as any user's project would:
 * {@link example.ReluAtZero} differentiates relu at its kink under the default policy and exits
 * non-zero unless the derivative is ½ and the kink log holds exactly one hit; {@link example.PlaneRegression}
 * runs the README's network example (an MLP trained under MSE, its state dict by PyTorch name). CI builds and runs them
 * against the installed jars, so the README's "Use Clarke from your Maven project" stays true.
 */
package example;
