#!/usr/bin/python3
"""scikit-learn reference for bench/datasets.ts: the same encoded rows, the same models.

    /usr/bin/python3 bench/sklearn_reference.py DIR

DIR (written by bench/datasets.ts) holds xtr.f64 / xte.f64 (row-major float64), ytr.u8 / yte.u8 and
meta.json (rowsTrain, rowsTest, cols, trees, seed). Prints one JSON object to stdout:
random-forest (RandomForestClassifier, same n_estimators, max_features='sqrt', n_jobs=1),
logistic (StandardScaler + LogisticRegression, C=1, lbfgs) — both flag P >= 0.5 — and iforest
(IsolationForest, 100 trees, max_samples=256, fitted on the normal training rows; flags
-score_samples >= the best-F1 threshold on the training rows, as bench/datasets.ts does).
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def best_f1_threshold(scores, y):
    """Highest-F1 threshold (flag score >= t) over distinct scores; ties go to the higher threshold."""
    order = np.argsort(-scores, kind="mergesort")
    s, t = scores[order], y[order]
    tp = np.cumsum(t == 1)
    fp = np.cumsum(t == 0)
    last = np.r_[s[1:] != s[:-1], True]  # end of each run of equal scores
    pos = int(np.sum(y == 1))
    f1 = 2 * tp[last] / (tp[last] + fp[last] + pos)
    k = int(np.argmax(f1))  # first maximum = highest threshold
    return float(s[last][k])


def scores_of(flags, scores, y):
    tp = int(np.sum(flags & (y == 1)))
    fp = int(np.sum(flags & (y == 0)))
    fn = int(np.sum(~flags & (y == 1)))
    tn = int(np.sum(~flags & (y == 0)))
    return {
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None,
        "accuracy": (tp + tn) / len(y),
        "fpr": fp / (fp + tn) if fp + tn else None,
        "auc": float(roc_auc_score(y, scores)) if 0 < np.sum(y) < len(y) else None,
    }


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    cols = meta["cols"]
    xtr = np.fromfile(os.path.join(d, "xtr.f64"), dtype="<f8").reshape(meta["rowsTrain"], cols)
    xte = np.fromfile(os.path.join(d, "xte.f64"), dtype="<f8").reshape(meta["rowsTest"], cols)
    ytr = np.fromfile(os.path.join(d, "ytr.u8"), dtype=np.uint8).astype(int)
    yte = np.fromfile(os.path.join(d, "yte.u8"), dtype=np.uint8).astype(int)
    out = {}

    def timed(name, fit, score, threshold=0.5):
        t0 = time.perf_counter()
        model = fit()
        t1 = time.perf_counter()
        thr = threshold(model) if callable(threshold) else threshold
        t2 = time.perf_counter()
        s = score(model, xte)
        t3 = time.perf_counter()
        r = scores_of(s >= thr, s, yte)
        r.update({"fitSeconds": t1 - t0, "scoreRowsPerSecond": len(yte) / max(t3 - t2, 1e-9), "threshold": thr})
        out[name] = r

    timed("random-forest",
          lambda: RandomForestClassifier(n_estimators=meta["trees"], max_features="sqrt", random_state=meta["seed"], n_jobs=1).fit(xtr, ytr),
          lambda m, x: m.predict_proba(x)[:, 1])
    timed("logistic",
          lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(xtr, ytr),
          lambda m, x: m.predict_proba(x)[:, 1])
    timed("iforest",
          lambda: IsolationForest(n_estimators=100, max_samples=256, random_state=meta["seed"], n_jobs=1).fit(xtr[ytr == 0]),
          lambda m, x: -m.score_samples(x),
          lambda m: best_f1_threshold(-m.score_samples(xtr), ytr))
    import sklearn
    out["version"] = sklearn.__version__
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
