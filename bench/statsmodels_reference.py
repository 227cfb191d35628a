#!/usr/bin/python3
"""statsmodels reference for bench/forecast.ts: the same series, the same origins, the same candidate models.

    /usr/bin/python3 bench/statsmodels_reference.py IN.json

IN.json (written by bench/forecast.ts) holds {"transform": "sqrt"|"none", "series": [{"name", "values",
"period", "horizon", "origins"}]}. For every series and origin, fits statsmodels' ETSModel (additive
errors) on values[:origin] after the transform, for trend in {none, additive, damped} x seasonal in
{none, additive (when two full periods are there)}, keeps the lowest AICc, and forecasts `horizon`
steps with the analytic 80 % / 95 % prediction intervals (summary_frame), mapped back through the
transform and floored at 0. Prints {"version", "seconds", "forecasts": {name: {origin: [[mean, lo80,
hi80, lo95, hi95], ...]}}} to stdout.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel


def fit_best(y, period):
    best = None
    for seasonal in ([None, "add"] if period > 1 and len(y) >= 2 * period else [None]):
        for trend, damped in ((None, False), ("add", False), ("add", True)):
            model = ETSModel(y, error="add", trend=trend, damped_trend=damped, seasonal=seasonal,
                             seasonal_periods=period if seasonal else None)
            res = model.fit(disp=False, maxiter=2000)
            if np.isfinite(res.aicc) and (best is None or res.aicc < best.aicc):
                best = res
    return best


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    fwd = (lambda v: np.sqrt(np.maximum(v, 0))) if spec["transform"] == "sqrt" else (lambda v: v)
    back = (lambda v: np.maximum(v, 0) ** 2) if spec["transform"] == "sqrt" else (lambda v: v)
    out = {}
    t0 = time.perf_counter()
    warnings.simplefilter("ignore")
    for s in spec["series"]:
        y = np.asarray(s["values"], dtype=float)
        per = {}
        for origin in s["origins"]:
            # A pandas Series: statsmodels 0.13's get_prediction needs an indexed endog.
            train = pd.Series(fwd(y[:origin]))
            h = min(s["horizon"], len(y) - origin)
            res = fit_best(train, s["period"])
            n = len(train)
            pred = res.get_prediction(start=n, end=n + h - 1)
            f80 = pred.summary_frame(alpha=0.2)
            f95 = pred.summary_frame(alpha=0.05)
            rows = np.column_stack([f80["mean"], f80["pi_lower"], f80["pi_upper"], f95["pi_lower"], f95["pi_upper"]])
            per[str(origin)] = [[float(max(back(v), 0)) for v in r] for r in rows]
        out[s["name"]] = per
    json.dump({"version": statsmodels.__version__, "seconds": time.perf_counter() - t0, "forecasts": out}, sys.stdout)


if __name__ == "__main__":
    main()
