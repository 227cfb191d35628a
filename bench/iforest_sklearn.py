#!/usr/bin/python3
"""scikit-learn's IsolationForest on the exact split of bench/iforest.ts, printed side by side.

Run from the repository root after `node dist/bench/iforest.js`:
    /usr/bin/python3 bench/iforest_sklearn.py
Needs scikit-learn (Debian: apt-get install python3-sklearn). Adds a "sklearn" section to
bench/results/iforest.json and prints both implementations per dataset.

Split: row i -> train if i % 10 < 7 else test; fit on the normal training rows only; score every
test row (never a training row). Same parameters: 100 trees, max_samples=256 (height limit
ceil(log2 256) = 8), 5 seeds. sklearn's score_samples() is the negated paper score, so s = -score_samples.
"""
import csv
import gzip
import io
import json
import os
import platform
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import average_precision_score, roc_auc_score
except ImportError as exc:  # pragma: no cover
    sys.exit(f"scikit-learn not available ({exc}); install python3-sklearn and run with /usr/bin/python3")

DATA = os.environ.get("WARDWATCH_DATA", os.path.join(os.getcwd(), "..", "shared", "data", "network"))
SEEDS = [1, 2, 3, 4, 5]
OUT = os.path.join(os.getcwd(), "bench", "results", "iforest.json")


def nsl_kdd():
    with open(os.path.join(DATA, "nsl-kdd", "Field_Names.csv")) as f:
        names = [r for r in csv.reader(f) if r]
    keep = [(n[0], i) for i, n in enumerate(names) if n[1].strip() == "continuous"]
    x, y = [], []
    with gzip.open(os.path.join(DATA, "nsl-kdd", "KDDTrain+_20Percent.txt.gz"), "rt") as f:
        for row in csv.reader(f):
            if not row:
                continue
            x.append([float(row[i]) for _, i in keep])
            y.append(0 if row[41] == "normal" else 1)
    return "nsl-kdd (KDDTrain+_20Percent)", [n for n, _ in keep], np.array(x), np.array(y)


def unsw_nb15():
    drop = {"id", "proto", "service", "state", "attack_cat", "label"}
    with gzip.open(os.path.join(DATA, "unsw-nb15", "unsw-nb15-train.csv.gz"), "rt", encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    header = [h.strip() for h in rows[0]]
    keep = [(h, i) for i, h in enumerate(header) if h not in drop]
    li = header.index("label")
    x = [[float(r[i]) for _, i in keep] for r in rows[1:]]
    y = [1 if int(float(r[li])) == 1 else 0 for r in rows[1:]]
    return "unsw-nb15 (unsw-nb15-train.csv.gz)", [h for h, _ in keep], np.array(x), np.array(y)


def run(name, features, x, y):
    idx = np.arange(len(y))
    train = idx % 10 < 7
    test = ~train
    xtr = x[train & (y == 0)]
    xte, yte = x[test], y[test]
    per = []
    for seed in SEEDS:
        t0 = time.perf_counter()
        f = IsolationForest(n_estimators=100, max_samples=256, contamination="auto", random_state=seed, n_jobs=1).fit(xtr)
        t1 = time.perf_counter()
        s = -f.score_samples(xte)
        t2 = time.perf_counter()
        flag = s >= 0.5
        tp = int(np.sum(flag & (yte == 1)))
        fp = int(np.sum(flag & (yte == 0)))
        fn = int(np.sum(~flag & (yte == 1)))
        per.append({
            "auc": float(roc_auc_score(yte, s)), "ap": float(average_precision_score(yte, s)),
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "flagged": tp + fp, "fitMs": (t1 - t0) * 1000, "scoreMs": (t2 - t1) * 1000,
        })
    mean = lambda k: float(np.mean([p[k] for p in per]))
    return {
        "dataset": name, "features": len(features), "rows": int(len(y)), "trainNormalRowsFitted": int(len(xtr)),
        "testRows": int(len(yte)),
        "rocAuc": {"mean": mean("auc"), "sd": float(np.std([p["auc"] for p in per])), "perSeed": [p["auc"] for p in per]},
        "averagePrecision": {"mean": mean("ap"), "sd": float(np.std([p["ap"] for p in per]))},
        "atScore05": {"precision": mean("precision"), "recall": mean("recall"), "flagged": mean("flagged")},
        "fitMs": mean("fitMs"), "scoreRowsPerSecond": len(yte) / (mean("scoreMs") / 1000),
    }


def main():
    results = {
        "version": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version(),
        "params": {"n_estimators": 100, "max_samples": 256, "contamination": "auto", "n_jobs": 1, "seeds": SEEDS},
        "results": [run(*nsl_kdd()), run(*unsw_nb15())],
    }
    try:
        with open(OUT) as f:
            doc = json.load(f)
    except FileNotFoundError:
        doc = {}
    doc["sklearn"] = results
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    ours = {r["dataset"]: r for r in doc.get("wardwatch", [])}
    out = io.StringIO()
    out.write(f"{'dataset':38} {'impl':10} {'ROC-AUC':>15} {'AP':>7} {'P@0.5':>6} {'R@0.5':>6} {'fit ms':>7} {'rows/s':>9}\n")
    for s in results["results"]:
        for impl, r in (("wardwatch", ours.get(s["dataset"])), ("sklearn", s)):
            if r is None:
                continue
            out.write(f"{r['dataset'][:38]:38} {impl:10} {r['rocAuc']['mean']:.4f}±{r['rocAuc']['sd']:.4f} "
                      f"{r['averagePrecision']['mean']:7.4f} {r['atScore05']['precision']:6.3f} {r['atScore05']['recall']:6.3f} "
                      f"{r['fitMs']:7.0f} {r['scoreRowsPerSecond']:9.0f}\n")
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
