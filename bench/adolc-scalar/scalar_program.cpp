// ADOL-C's side of bench/compare-adolc: the gradient of a long scalar program (10^6 operations,
// analytic and piecewise primitives mixed), the same program as dev.clarke.bench.ScalarProgramMain.
//
//   inputs x[0..9] = 0.1, 0.2, ..., 1.0; v = x[0]
//   repeat 100000 times (i = 0, 1, ...), 10 operations each:
//     a = v * x[i % 10]; b = sin(a); c = b - 0.3; d = |c|; e = max(d, x[(i + 3) % 10]);
//     f = -e; g = exp(f); h = 0.5 * v; w = h + g; v = min(w, 1.5)
//   y = v
//
// A server like CompareMain: reads "tapegrad N" (record the tape, then gradient(): what a
// define-by-run Clarke trace does per gradient), "grad N" (gradient() on the tape recorded last)
// or "check" (prints y and the gradient) on stdin; answers "<cmd> t1 t2 ..." in microseconds.
// Build: g++ -O2 -o scalar_program scalar_program.cpp -ladolc
#include <adolc/adolc.h>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

static const int N_IN = 10;
static const long ITERS = 100000;
static double xp[N_IN];
static double grad[N_IN];
static double yv;

static void tape(short tag) {
    trace_on(tag);
    adouble x[N_IN];
    for (int j = 0; j < N_IN; j++) x[j] <<= xp[j];
    adouble v = x[0];
    for (long i = 0; i < ITERS; i++) {
        adouble a = v * x[i % N_IN];
        adouble b = sin(a);
        adouble c = b - 0.3;
        adouble d = fabs(c);
        adouble e = fmax(d, x[(i + 3) % N_IN]);
        adouble f = -e;
        adouble g = exp(f);
        adouble h = 0.5 * v;
        adouble w = h + g;
        v = fmin(w, 1.5);
    }
    v >>= yv;
    trace_off();
}

int main() {
    for (int j = 0; j < N_IN; j++) xp[j] = 0.1 * (j + 1);
    std::cout << "ready" << std::endl;
    std::string cmd;
    long n;
    while (std::cin >> cmd) {
        if (cmd == "quit") break;
        if (cmd == "check") {
            tape(1);
            gradient(1, N_IN, xp, grad);
            size_t stats[STAT_SIZE];
            tapestats(1, stats);
            std::printf("check y=%.17g ops=%zu grad", yv, stats[NUM_OPERATIONS]);
            for (int j = 0; j < N_IN; j++) std::printf(" %.17g", grad[j]);
            std::printf("\n");
            std::fflush(stdout);
            continue;
        }
        std::cin >> n;
        std::string out = cmd;
        for (long r = 0; r < n; r++) {
            auto t0 = std::chrono::steady_clock::now();
            if (cmd == "tapegrad") {
                tape(1);
                gradient(1, N_IN, xp, grad);
            } else {
                gradient(1, N_IN, xp, grad);
            }
            auto t1 = std::chrono::steady_clock::now();
            out += " " + std::to_string(std::chrono::duration<double, std::micro>(t1 - t0).count());
        }
        std::cout << out << std::endl;
    }
    return 0;
}
