package dev.lathe.engine.backend;

/** The error function to double precision (the JDK has none); used by exact GELU. */
final class Erf {

    /** Grid points per unit of x at which the Taylor expansions are centred. */
    private static final int POINTS_PER_UNIT = 64;
    /** Taylor terms kept: with |h| <= 1/128 the first one left out is below 1e-18 relative. */
    private static final int TERMS = 11;
    /** Beyond this erf(x) rounds to 1: 1 - erf(6) is 2e-17, below half an ulp of 1. */
    private static final double SATURATION = 6.0;
    /** COEFFICIENTS[i * TERMS + n]: the n-th Taylor coefficient of erf at x0 = i / POINTS_PER_UNIT. */
    private static final double[] COEFFICIENTS = taylorTable();

    private Erf() {
    }

    /**
     * erf(x) as a Taylor polynomial in h = |x| - x0 around the nearest grid point x0, from a table
     * built once from {@link #series}: a few multiply-adds per call instead of up to a hundred
     * series terms, with the same accuracy.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a >= SATURATION) {
            return x < 0 ? -1.0 : 1.0;
        }
        int i = (int) Math.rint(a * POINTS_PER_UNIT);
        double h = a - (double) i / POINTS_PER_UNIT;
        int base = i * TERMS;
        double result = COEFFICIENTS[base + TERMS - 1];
        for (int n = TERMS - 2; n >= 0; n--) {
            result = result * h + COEFFICIENTS[base + n];
        }
        return x < 0 ? -result : result;
    }

    /**
     * The Taylor coefficients of erf at every grid point: erf(x0) itself, then
     * erf^(n)(x0) / n! = 2/sqrt(pi) (-1)^(n-1) H_(n-1)(x0) exp(-x0^2) / n!, with the Hermite
     * polynomials H from their recurrence H_(k+1) = 2x H_k - 2k H_(k-1).
     */
    private static double[] taylorTable() {
        int points = (int) (SATURATION * POINTS_PER_UNIT) + 1;
        double[] table = new double[points * TERMS];
        for (int i = 0; i < points; i++) {
            double x0 = (double) i / POINTS_PER_UNIT;
            table[i * TERMS] = series(x0);
            double scale = 2.0 / Math.sqrt(Math.PI) * Math.exp(-x0 * x0);
            double previous = 0;
            double hermite = 1;
            for (int n = 1; n < TERMS; n++) {
                // here hermite = H_(n-1)(x0), previous = H_(n-2)(x0)
                scale /= n;
                table[i * TERMS + n] = (n % 2 == 1 ? 1 : -1) * hermite * scale;
                double next = 2 * x0 * hermite - 2 * (n - 1) * previous;
                previous = hermite;
                hermite = next;
            }
        }
        return table;
    }

    /**
     * erf(a) for a >= 0: below 2.5 by the series 2/sqrt(pi) exp(-a^2) sum_n a (2a^2)^n / (1*3*...*(2n+1)),
     * whose terms are all positive (no cancellation); beyond, as 1 - erfc(a) with erfc by its
     * continued fraction, so the small distance to 1 keeps its relative accuracy.
     */
    private static double series(double a) {
        if (a < 2.5) {
            double term = a;
            double sum = a;
            for (int n = 1; term > 1e-18 * sum; n++) {
                term *= 2 * a * a / (2 * n + 1);
                sum += term;
            }
            return 2.0 / Math.sqrt(Math.PI) * Math.exp(-a * a) * sum;
        }
        // Lentz evaluation of erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...))))
        double tiny = 1e-300;
        double f = a;
        double c = a;
        double d = 0;
        for (int n = 1; n < 200; n++) {
            double an = n / 2.0;
            d = a + an * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = a + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return 1.0 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }
}
