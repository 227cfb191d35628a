#!/usr/bin/python3
"""Independent reference for the HDFS session models of src/eval/datasets/hdfs-models.ts, in numpy.

Run from the repository root:  /usr/bin/python3 bench/hdfs_reference.py   (writes bench/results/hdfs-reference.json;
slow: pure-Python n-gram, > 45 min on the shared machine — not yet run to completion)

Written separately from the TypeScript (numpy SVD instead of Jacobi, Python dicts instead of the n-gram
tables, numpy's own seeded folds), so agreement is a check on both. Same protocol: 5-fold CV over
DeepLog's normal sessions; each fold fits on four folds (next-key back-off support = smallest of
1..200 with <= 2 % FPR on a held-out fifth of them) and scores the fifth plus a fifth of the anomalous
sessions. Models: count envelope, invariants (null space of the normal count matrix), next-key
(h 10, g 9), and envelope AND next-key. Needs numpy only.
"""
import collections
import json
import os
import sys
import time

import numpy as np

DATA = os.environ.get("WARDWATCH_DATASETS", os.path.join(os.getcwd(), "..", "shared", "data"))
D = os.path.join(DATA, "logs", "hdfs-deeplog-sessions")
if not os.path.exists(os.path.join(D, "hdfs_train")):
    sys.exit(f"HDFS sessions not found under {D}")
START, END, DIMS = -2, -1, 30
PAPER_N, PAPER_A = 553_366, 16_838


def read(name):
    return [list(map(int, l.split())) for l in open(os.path.join(D, name)) if l.strip()]


def vec(s):
    v = np.zeros(DIMS)
    for k in s:
        v[k if 0 <= k < DIMS - 1 else DIMS - 1] += 1
    return v


class NextKey:
    def __init__(self, sessions, h=10, g=9, m=1):
        self.h, self.g, self.m = h, g, m
        self.nx = collections.defaultdict(collections.Counter)
        for x in sessions:
            q = [START] + x + [END]
            for i in range(1, len(q)):
                for L in range(0, min(h, i) + 1):
                    self.nx[tuple(q[i - L:i])][q[i]] += 1
        self.top = {}

    def flags(self, x):
        q = [START] + x + [END]
        for i in range(1, len(q)):
            top = []
            for L in range(min(self.h, i), -1, -1):
                ctx = tuple(q[i - L:i])
                c = self.nx.get(ctx)
                if c is None or (L > 0 and sum(c.values()) < self.m):
                    continue
                if ctx not in self.top:
                    self.top[ctx] = [k for k, _ in sorted(c.items(), key=lambda t: (-t[1], t[0]))[: self.g]]
                top = self.top[ctx]
                break
            if q[i] not in top:
                return True
        return False


def main():
    t0 = time.time()
    N, A = read("hdfs_train"), read("hdfs_abnormal_dev")
    XN, XA = np.array([vec(s) for s in N]), np.array([vec(s) for s in A])
    r = np.random.default_rng(1)
    nf = np.array_split(r.permutation(len(N)), 5)
    af = np.array_split(r.permutation(len(A)), 5)
    names = ["ngram+envelope", "count-envelope", "deeplog-ngram", "invariants"]
    cnt = {m: {"tp": 0, "fp": 0, "tn": 0, "fn": 0} for m in names}
    supports = []
    for f in range(5):
        tr = np.concatenate([nf[j] for j in range(5) if j != f])
        cut = int(round(len(tr) * 0.8))
        fit, choose = [N[i] for i in tr[:cut]], [N[i] for i in tr[cut:]]
        best, bestf = 200, 1.0
        for m in [1, 2, 5, 10, 20, 50, 100, 200]:
            fpr = np.mean([NextKey(fit, m=m).flags(x) for x in choose])
            if fpr <= 0.02:
                best, bestf = m, fpr
                break
            if fpr < bestf:
                best, bestf = m, fpr
        supports.append(best)
        ng = NextKey([N[i] for i in tr], m=best)
        lo, hi = XN[tr].min(0), XN[tr].max(0)
        _, s, vt = np.linalg.svd(XN[tr], full_matrices=True)
        V = vt[(s > 1e-9 * s[0]).sum():]
        for idx, X, S, y in ((nf[f], XN, N, 0), (af[f], XA, A, 1)):
            env = ((X[idx] < lo) | (X[idx] > hi)).any(1)
            inv = (np.abs(X[idx] @ V.T) > 1e-6 * np.maximum(1, X[idx].sum(1))[:, None]).any(1)
            seq = np.array([ng.flags(S[i]) for i in idx])
            for m, fl in (("ngram+envelope", env & seq), ("count-envelope", env), ("deeplog-ngram", seq), ("invariants", inv)):
                p = int(fl.sum())
                if y:
                    cnt[m]["tp"] += p; cnt[m]["fn"] += len(idx) - p
                else:
                    cnt[m]["fp"] += p; cnt[m]["tn"] += len(idx) - p
    out = {}
    for m, c in cnt.items():
        rec = c["tp"] / (c["tp"] + c["fn"]); fpr = c["fp"] / (c["fp"] + c["tn"])
        prec = c["tp"] / max(1, c["tp"] + c["fp"])
        p33 = rec * PAPER_A / (rec * PAPER_A + fpr * PAPER_N) if rec + fpr else None
        out[m] = {**c, "precision": prec, "recall": rec, "fpr": fpr, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0,
                  "precisionAtPaperMix": p33, "f1AtPaperMix": 2 * p33 * rec / (p33 + rec) if p33 else None}
        print(f"{m:16s} FP {c['fp']:3d}/{len(N)} FPR {fpr:.5f} recall {rec:.4f} P@33:1 {p33:.4f} F1@33:1 {out[m]['f1AtPaperMix']:.4f}")
    doc = {"bench": "hdfs-reference", "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "numpy": np.__version__,
           "protocol": "5-fold CV over normal sessions (numpy seed 1 folds), anomalous sessions split across folds; thresholds on normal training sessions only",
           "supports": supports, "models": out, "seconds": round(time.time() - t0, 1)}
    os.makedirs(os.path.join("bench", "results"), exist_ok=True)
    with open(os.path.join("bench", "results", "hdfs-reference.json"), "w") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")


if __name__ == "__main__":
    main()
