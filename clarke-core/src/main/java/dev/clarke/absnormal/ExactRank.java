package dev.clarke.absnormal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Matrix rank in exact arithmetic: every double is converted to the rational it denotes exactly
 * ({@link BigDecimal#BigDecimal(double)}), each row is scaled to integers (which keeps the rank),
 * and fraction-free Gaussian elimination (Bareiss) runs over {@link BigInteger}. No tolerance: the
 * rank of the computed doubles, as they are.
 */
final class ExactRank {

    private ExactRank() {
    }

    static int rank(double[][] a) {
        int rows = a.length;
        if (rows == 0) {
            return 0;
        }
        int cols = a[0].length;
        BigInteger[][] m = new BigInteger[rows][cols];
        for (int i = 0; i < rows; i++) {
            int scale = 0;
            BigDecimal[] row = new BigDecimal[cols];
            for (int j = 0; j < cols; j++) {
                row[j] = new BigDecimal(a[i][j]);
                scale = Math.max(scale, row[j].scale());
            }
            for (int j = 0; j < cols; j++) {
                m[i][j] = row[j].movePointRight(scale).toBigIntegerExact();
            }
        }
        BigInteger prev = BigInteger.ONE;
        int rank = 0;
        for (int c = 0; c < cols && rank < rows; c++) {
            int pivot = -1;
            for (int r = rank; r < rows; r++) {
                if (m[r][c].signum() != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            BigInteger[] t = m[pivot];
            m[pivot] = m[rank];
            m[rank] = t;
            BigInteger p = m[rank][c];
            for (int r = rank + 1; r < rows; r++) {
                for (int j = c + 1; j < cols; j++) {
                    m[r][j] = m[r][j].multiply(p).subtract(m[r][c].multiply(m[rank][j])).divide(prev);
                }
                m[r][c] = BigInteger.ZERO;
            }
            prev = p;
            rank++;
        }
        return rank;
    }

    /**
     * Rank by Gaussian elimination with partial pivoting in doubles, counting a pivot as zero when
     * its magnitude is at most {@code tol}.
     */
    static int numericRank(double[][] a, double tol) {
        int rows = a.length;
        if (rows == 0) {
            return 0;
        }
        int cols = a[0].length;
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = a[i].clone();
        }
        int rank = 0;
        for (int c = 0; c < cols && rank < rows; c++) {
            int pivot = rank;
            for (int r = rank + 1; r < rows; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][c]) <= tol) {
                continue;
            }
            double[] t = m[pivot];
            m[pivot] = m[rank];
            m[rank] = t;
            for (int r = rank + 1; r < rows; r++) {
                double f = m[r][c] / m[rank][c];
                for (int j = c; j < cols; j++) {
                    m[r][j] -= f * m[rank][j];
                }
            }
            rank++;
        }
        return rank;
    }
}
