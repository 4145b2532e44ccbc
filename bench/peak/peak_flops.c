// The machine's F32 FMA peak from C, for bench/peak-flops: AVX-512 FMAs (_mm512_fmadd_ps) on sixteen
// independent accumulators, on 1 and THREADS threads at once (pthreads), best of RUNS timed runs.
// Build: gcc -O3 -mavx512f -mfma -pthread -o peak_flops peak_flops.c
// Usage: peak_flops [THREADS] [RUNS]   prints: peak-flops c F32 lanes=16 threads=N GFLOP/s=...
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ACC 16
static long iterations;
static float sinks[256];

static void *loop(void *arg) {
    long id = (long) arg;
    __m512 x = _mm512_set1_ps(1.0000001f), y = _mm512_set1_ps(0.9999999f);
    __m512 a[ACC];
    for (int k = 0; k < ACC; k++) a[k] = _mm512_setzero_ps();
    for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 16
        for (int k = 0; k < ACC; k++) a[k] = _mm512_fmadd_ps(x, y, a[k]);
    }
    __m512 s = a[0];
    for (int k = 1; k < ACC; k++) s = _mm512_add_ps(s, a[k]);
    sinks[id] = _mm512_reduce_add_ps(s);
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double measure(int threads) {
    pthread_t th[256];
    double t0 = now();
    for (long t = 0; t < threads; t++) pthread_create(&th[t], NULL, loop, (void *) t);
    for (int t = 0; t < threads; t++) pthread_join(th[t], NULL);
    double t1 = now();
    return 2.0 * 16 * ACC * (double) iterations * threads / (t1 - t0) / 1e9;
}

int main(int argc, char **argv) {
    int max = argc > 1 ? atoi(argv[1]) : 2, runs = argc > 2 ? atoi(argv[2]) : 5;
    if (max < 1 || max > 256 || runs < 1 || runs > 100) {
        fprintf(stderr, "peak_flops: threads must be 1..256 and runs 1..100\n");
        return 2;
    }
    iterations = 2000000;
    measure(max); // warm-up: clocks up
    iterations = 20000000;
    int counts[2] = {1, max};
    for (int c = 0; c < (max == 1 ? 1 : 2); c++) {
        double best = 0;
        for (int r = 0; r < runs; r++) {
            double g = measure(counts[c]);
            if (g > best) best = g;
        }
        printf("peak-flops c F32 lanes=16 threads=%d GFLOP/s=%.1f\n", counts[c], best);
    }
    return sinks[0] == 42.0f;
}
