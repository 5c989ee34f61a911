"""Independent reference values for the experiment statistics tests (stdlib only, no commons-math3).

The t distribution's tail is integrated numerically from its density (composite Simpson rule after the
substitution x = t / (1 - u^2)), and the normal tail comes from math.erfc, so nothing is shared with the
Java implementation under test. Run: python3 test/reference/stats_reference.py
"""
import math


def t_density(x, df):
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    return c * (1 + x * x / df) ** (-(df + 1) / 2)


def t_two_sided_p(t, df, steps=200000):
    # P(|T| > |t|) = 2 * integral_{|t|}^{inf} f(x) dx; substitute x = |t| + u / (1 - u), u in [0, 1)
    a = abs(t)
    h = 1.0 / steps
    total = 0.0
    for i in range(steps + 1):
        u = min(i * h, 1 - 1e-12)
        x = a + u / (1 - u)
        w = 1 if i in (0, steps) else (4 if i % 2 else 2)
        total += w * t_density(x, df) / (1 - u) ** 2
    return 2 * total * h / 3


def welch(a, b):
    na, nb = len(a), len(b)
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((x - ma) ** 2 for x in a) / (na - 1)
    vb = sum((x - mb) ** 2 for x in b) / (nb - 1)
    se2 = va / na + vb / nb
    t = (mb - ma) / math.sqrt(se2)
    df = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    return t, df, t_two_sided_p(t, df)


def two_proportion(xa, na, xb, nb):
    pa, pb = xa / na, xb / nb
    p = (xa + xb) / (na + nb)
    z = (pb - pa) / math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    return z, math.erfc(abs(z) / math.sqrt(2))


A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
B1 = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8]
B2 = [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5,
      23.5, 21.5, 21.8]

if __name__ == "__main__":
    print("welch equal n   t=%.10f df=%.10f p=%.10f" % welch(A1, A2))
    print("welch unequal n t=%.10f df=%.10f p=%.10f" % welch(B1, B2))
    print("z 420/500 vs 455/500 z=%.10f p=%.10f" % two_proportion(420, 500, 455, 500))
    print("z 88/120 vs 1710/2000 z=%.10f p=%.10f" % two_proportion(88, 120, 1710, 2000))


def bisect(f, lo, hi, target):
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def z_quantile(p):
    # upper tail P(Z > z) = 1 - p
    return bisect(lambda z: 0.5 * math.erfc(z / math.sqrt(2)), -10, 10, 1 - p)


def t_quantile_two_sided(alpha, df):
    return bisect(lambda t: t_two_sided_p(t, df, 20000), 0, 50, alpha)


def sample_size_proportions(p1, delta, alpha, power):
    p2 = p1 + delta
    pbar = (p1 + p2) / 2
    za, zb = z_quantile(1 - alpha / 2), z_quantile(power)
    num = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return num * num / (delta * delta)


if __name__ == "__main__":
    n = len(A1)
    m = sum(A1) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in A1) / (n - 1))
    print("A1 mean=%.10f sd=%.10f ci half-width=%.10f" % (m, sd, t_quantile_two_sided(0.05, n - 1) * sd / math.sqrt(n)))
    print("n means sigma=delta=1: %.6f" % (2 * (z_quantile(0.975) + z_quantile(0.8)) ** 2))
    print("n proportions 0.80->0.85: %.6f" % sample_size_proportions(0.80, 0.05, 0.05, 0.8))
    z = z_quantile(0.975)
    p, k = 420 / 500, 500
    centre = (p + z * z / (2 * k)) / (1 + z * z / k)
    half = z * math.sqrt(p * (1 - p) / k + z * z / (4 * k * k)) / (1 + z * z / k)
    print("wilson 420/500: %.10f %.10f" % (centre - half, centre + half))


# --- mSPRT (issue 9): the mixture likelihood ratio by numerical integration, not by its closed form ---

def normal_pdf(x, mean, var):
    return math.exp(-(x - mean) ** 2 / (2 * var)) / math.sqrt(2 * math.pi * var)


def msprt_ratio_by_integration(estimate, v, tau2, steps=200000):
    # Lambda = integral over theta of N(estimate; theta, v) / N(estimate; 0, v) * N(theta; 0, tau2);
    # composite Simpson rule on theta in [estimate - 12 s, estimate + 12 s] u [-12 tau, 12 tau] (covers both bumps)
    s = math.sqrt(v * tau2 / (v + tau2))
    lo = min(-12 * math.sqrt(tau2), estimate - 12 * s - abs(estimate))
    hi = max(12 * math.sqrt(tau2), estimate + 12 * s + abs(estimate))
    h = (hi - lo) / steps
    null = normal_pdf(estimate, 0, v)
    total = 0.0
    for i in range(steps + 1):
        theta = lo + i * h
        w = 1 if i in (0, steps) else (4 if i % 2 else 2)
        total += w * normal_pdf(estimate, theta, v) / null * normal_pdf(theta, 0, tau2)
    return total * h / 3


def boundary_factor(r, alpha):
    return (1 + 1 / r) * (2 * math.log(1 / alpha) + math.log(1 + r))


def golden_min(f, lo, hi):
    g = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    for _ in range(300):
        c, d = b - g * (b - a), a + g * (b - a)
        if f(c) < f(d):
            b = d
        else:
            a = c
    return (a + b) / 2


if __name__ == "__main__":
    for est, v, tau2 in [(0.0, 1.0, 3.0), (1.0, 1.0, 3.0), (0.03, 0.0001, 0.0002), (-2.5, 0.8, 0.5), (0.004, 1e-6, 4e-6)]:
        print("mSPRT Lambda(est=%g, v=%g, tau2=%g) = %.12g" % (est, v, tau2, msprt_ratio_by_integration(est, v, tau2)))
    r = golden_min(lambda x: boundary_factor(x, 0.05), 0.01, 1000)
    print("optimal r alpha 0.05: %.10f boundary %.10f" % (r, math.sqrt(boundary_factor(r, 0.05))))
    r = golden_min(lambda x: boundary_factor(x, 0.025), 0.01, 1000)
    print("optimal r alpha 0.025: %.10f boundary %.10f" % (r, math.sqrt(boundary_factor(r, 0.025))))
    print("z 0.8: %.10f" % z_quantile(0.8))
