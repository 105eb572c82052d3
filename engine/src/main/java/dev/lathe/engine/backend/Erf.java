package dev.lathe.engine.backend;

/** The error function to double precision (the JDK has none); used by exact GELU. */
final class Erf {

    private Erf() {
    }

    /**
     * erf(x) via its Taylor series for |x| < 2.5 and the continued fraction of erfc beyond;
     * both converge to better than 1e-15 relative error in their ranges.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double result;
        if (a < 2.5) {
            double term = a;
            double sum = a;
            double a2 = a * a;
            for (int n = 1; n < 100; n++) {
                term *= -a2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            result = 2.0 / Math.sqrt(Math.PI) * sum;
        } else if (a > 6.0) {
            result = 1.0;
        } else {
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
            result = 1.0 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -result : result;
    }
}
