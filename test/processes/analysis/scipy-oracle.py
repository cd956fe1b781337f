# The independent implementation the analysis statistics are checked against (Debian's
# python3-scipy and numpy). Reads {"cases": [...]} on stdin, writes the same cases with results.
import json
import sys

import numpy as np
from scipy import stats


def describe(x, level, indices):
    x = np.asarray(x, dtype=float)
    n = len(x)
    sd = x.std(ddof=1)
    half = stats.t.ppf(1 - (1 - level) / 2, n - 1) * sd / np.sqrt(n)
    q1, med, q3 = np.percentile(x, [25, 50, 75])
    boot = np.median(x[np.asarray(indices)], axis=1)
    lo, hi = np.percentile(boot, [100 * (1 - level) / 2, 100 * (1 - (1 - level) / 2)])
    return dict(n=n, mean=x.mean(), sd=sd, median=med, q1=q1, q3=q3, iqr=q3 - q1, min=x.min(), max=x.max(),
                cv=sd / x.mean(), ciMean=[x.mean() - half, x.mean() + half], ciMedian=[lo, hi])


def fieller(ref, x, level):
    a, b = ref.mean(), x.mean()
    va, vb = ref.var(ddof=1) / len(ref), x.var(ddof=1) / len(x)
    r = b / a
    df = (vb + r**2 * va) ** 2 / (vb**2 / (len(x) - 1) + r**4 * va**2 / (len(ref) - 1))
    t = stats.t.ppf(1 - (1 - level) / 2, df)
    g = t**2 * va / a**2
    if g >= 1:
        return [None, None]
    half = t / abs(a) * np.sqrt(vb * (1 - g) + r**2 * va)
    return [(r - half) / (1 - g), (r + half) / (1 - g)]


def compare(ref, x, level):
    ref, x = np.asarray(ref, dtype=float), np.asarray(x, dtype=float)
    w = stats.ttest_ind(x, ref, equal_var=False)
    # scipy 1.10 does not report Welch's df: Welch-Satterthwaite, written out
    v1, v2 = x.var(ddof=1) / len(x), ref.var(ddof=1) / len(ref)
    welch_df = (v1 + v2) ** 2 / (v1**2 / (len(x) - 1) + v2**2 / (len(ref) - 1))
    mw = stats.mannwhitneyu(x, ref, alternative='two-sided', method='asymptotic', use_continuity=True)
    n1, n2 = len(x), len(ref)
    pooled = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * ref.var(ddof=1)) / (n1 + n2 - 2))
    g = (x.mean() - ref.mean()) / pooled * (1 - 3 / (4 * (n1 + n2) - 9))
    cliff = (np.sign(x[:, None] - ref[None, :])).mean()
    return dict(ratio=x.mean() / ref.mean(), ratioCi=fieller(ref, x, level), welch=dict(t=w.statistic, df=welch_df, p=w.pvalue),
                mannWhitney=dict(u=mw.statistic, p=mw.pvalue), hedgesG=g, cliffsDelta=cliff)


def ranks(ref, x):
    # Mann-Whitney U and Cliff's delta of large samples: scipy's U, and delta from the sign of every pair
    ref, x = np.asarray(ref, dtype=float), np.asarray(x, dtype=float)
    mw = stats.mannwhitneyu(x, ref, alternative='two-sided', method='asymptotic', use_continuity=True)
    out = dict(mannWhitney=dict(u=mw.statistic, p=mw.pvalue))
    if len(x) * len(ref) <= 20_000_000:
        out['cliffsDelta'] = float(np.sign(x[:, None] - ref[None, :]).mean())
    return out


def median_ci(x, level):
    # the order statistics of Conover's distribution-free CI of the median (normal approximation)
    x = np.sort(np.asarray(x, dtype=float))
    n = len(x)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    lo = max(1, int(np.floor(n / 2 - z * np.sqrt(n) / 2)))
    hi = min(n, int(np.ceil(1 + n / 2 + z * np.sqrt(n) / 2)))
    return [x[lo - 1], x[hi - 1]]


def holm(ps):
    ps = np.asarray(ps, dtype=float)
    order = np.argsort(ps)
    m = len(ps)
    adj = np.empty(m)
    running = 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * ps[i]))
        adj[i] = running
    return adj.tolist()


def main():
    req = json.load(sys.stdin)
    out = []
    for c in req['cases']:
        if c['kind'] == 'describe':
            out.append(describe(c['x'], c['level'], c['indices']))
        elif c['kind'] == 'compare':
            out.append(compare(c['ref'], c['x'], c['level']))
        elif c['kind'] == 'ranks':
            out.append(ranks(c['ref'], c['x']))
        elif c['kind'] == 'median_ci':
            out.append(median_ci(c['x'], c['level']))
        elif c['kind'] == 'holm':
            out.append(holm(c['p']))
    json.dump(out, sys.stdout, default=float)


main()
