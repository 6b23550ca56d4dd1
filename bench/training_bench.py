"""Training speed and the issue-11 table: what margin losses do to learned 2D features.

    python bench/training_bench.py [--seeds 5] [--quick]

Prints, on this machine:
1. fit_linear steps per second with the training lab's defaults (blobs, 3 classes x 40 points,
   lr 0.5, 5 steps per call continuing from the last W, b), per loss kind;
2. fit_features epochs per second (3 and 10 digit classes, 2D features) and the wall time until
   the page's default pair (softmax and ArcFace, 3 digits, 2D, 2 epochs per frame) both reach 95 %
   held-out accuracy;
3. per loss (softmax, NormFace, CosFace, ArcFace, SphereFace), with 3 and 10 digit classes and the
   seeds 0..4: epochs to 95 % held-out accuracy, final held-out accuracy, Intra, Inter and the mean
   feature norm, mean ± sample standard deviation over the seeds, once with the page's parameters
   (every scale s = 8) and once with the papers' (s = 16 for NormFace, 64 for CosFace and ArcFace);
4. an ablation of the cold-start remedies (warm-up, class-mean head, centred features): ArcFace
   with the papers' s = 64 on 3 digits over 10 seeds, and centring on or off for 10 digits.

Epoch budgets: FEATURE_EPOCHS (30) for 3 classes, 100 for 10. "Reached 95 %" counts the seeds
whose held-out accuracy reached 95 % at some epoch (the final accuracy may be lower again); "epochs
to 95 %" averages over those seeds. Intra and Inter are ArcFace's angles (softmaxviz.training
.intra_angle, .inter_angle) at the last epoch, printed in degrees.
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from softmaxviz.kinds import KINDS
from softmaxviz.training import FEATURE_EPOCHS, fit_features, fit_linear, load_digits, make_data

TABLE_KINDS = ("softmax", "normface", "cosface", "arcface", "sphereface")
EPOCHS = {3: FEATURE_EPOCHS, 10: 100}
TARGET = 0.95
# The training lab's defaults (softmaxviz.state.Scene and softmaxviz.lab).
LAB_POINTS_PER_CLASS, LAB_LR, LAB_STEPS, LAB_EPOCHS_PER_FRAME = 40, 0.5, 5, 2


def page_params(kind: str) -> dict:
    """The training lab's parameters: the margin lab's page defaults (every s = 8)."""
    return dict(KINDS[kind].page_defaults)


def paper_params(kind: str) -> dict:
    return {}  # the API's defaults are the papers'


# --- 1. fit_linear ---------------------------------------------------------------------------------


def linear_speed(
    kind: str, *, data: str = "blobs", classes: int = 3, dim: int = 2, calls: int = 400
) -> float:
    """Steps per second of the page's loop: ``calls`` calls of LAB_STEPS steps, each from the last."""
    X, y = make_data(data, LAB_POINTS_PER_CLASS, classes=classes, dim=dim, seed=0)
    fit = fit_linear(X, y, kind, steps=LAB_STEPS, lr=LAB_LR, **page_params(kind))
    start = time.perf_counter()
    for _ in range(calls):
        fit = fit_linear(
            X,
            y,
            kind,
            steps=LAB_STEPS,
            lr=LAB_LR,
            W0=fit.W,
            b0=fit.b,
            start_step=fit.step,
            **page_params(kind),
        )
    return calls * LAB_STEPS / (time.perf_counter() - start)


# --- 2. fit_features -------------------------------------------------------------------------------


def feature_speed(classes: int, kind: str, epochs: int = 20) -> float:
    images, labels = load_digits(classes)
    fit_features(images, labels, kind, epochs=1, **page_params(kind))  # warm caches
    start = time.perf_counter()
    fit_features(images, labels, kind, epochs=epochs, **page_params(kind))
    return epochs / (time.perf_counter() - start)


def time_to_picture(classes: int = 3, kinds=("softmax", "arcface"), limit: float = 60.0) -> tuple[float, int]:
    """Seconds (from a cold digits cache) and epochs until every kind of the pair has >= 95 % held out.

    Trains as the page does: LAB_EPOCHS_PER_FRAME epochs of each kind per frame, continuing the runs.
    """
    start = time.perf_counter()
    images, labels = load_digits(classes)
    fits = {kind: None for kind in kinds}
    while time.perf_counter() - start < limit:
        for kind in kinds:
            fits[kind] = fit_features(
                images, labels, kind, epochs=LAB_EPOCHS_PER_FRAME, state=fits[kind], **page_params(kind)
            )
        if all(fit.history.held_out_accuracy[-1] >= TARGET for fit in fits.values()):
            return time.perf_counter() - start, next(iter(fits.values())).epoch
    return math.inf, next(iter(fits.values())).epoch


# --- 3. the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    kind: str
    classes: int
    reached: int  # seeds that reached TARGET held out
    seeds: int
    epochs_to_target: list[int]
    accuracy: list[float]
    intra: list[float]  # degrees
    inter: list[float]
    norm: list[float]
    seconds: float


def run_row(kind: str, classes: int, seeds: int, params: dict, **options) -> Row:
    images, labels = load_digits(classes)
    reached, accuracy, intra, inter, norm = [], [], [], [], []
    start = time.perf_counter()
    for seed in range(seeds):
        fit = fit_features(images, labels, kind, epochs=EPOCHS[classes], seed=seed, **options, **params)
        history = fit.history
        hit = np.flatnonzero(history.held_out_accuracy >= TARGET)
        if hit.size:
            reached.append(int(hit[0]) + 1)
        accuracy.append(float(history.held_out_accuracy[-1]))
        intra.append(math.degrees(history.intra[-1]))
        inter.append(math.degrees(history.inter[-1]))
        norm.append(float(history.feature_norm[-1]))
    return Row(
        kind, classes, len(reached), seeds, reached, accuracy, intra, inter, norm, time.perf_counter() - start
    )


def spread(values: list[float], digits: int = 1, scale: float = 1.0) -> str:
    if not values:
        return "—"
    values = [v * scale for v in values]
    mean = statistics.fmean(values)
    if len(values) == 1:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {statistics.stdev(values):.{digits}f}"


HEADER = (
    "| loss | classes | reached 95 % | epochs to 95 % | final held-out acc. (%) | Intra (°) | Inter (°) "
    "| mean ‖f‖ |\n|---|---|---|---|---|---|---|---|"
)


def markdown(rows: list[Row], title: str) -> str:
    lines = [f"**{title}**", "", HEADER]
    for row in rows:
        cells = (
            row.kind,
            row.classes,
            f"{row.reached}/{row.seeds}",
            spread(row.epochs_to_target),
            spread(row.accuracy, 1, 100.0),
            spread(row.intra),
            spread(row.inter),
            spread(row.norm, 2),
        )
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


# --- 4. ablation -----------------------------------------------------------------------------------

# Each remedy for the cold start alone and combined, on the case where it bites: 3 digits, ArcFace
# with the papers' s = 64 (the defaults are warm-up, class-mean head and centred features).
ABLATION = (
    ("defaults", {}),
    ("no warm-up", {"margin_warmup": False}),
    ("not centred", {"center_features": False}),
    ("not centred, no warm-up", {"center_features": False, "margin_warmup": False}),
    ("head spread blind to the data", {"head_init": "spread"}),
    ("head spread blind, no warm-up", {"head_init": "spread", "margin_warmup": False}),
    ("head random", {"head_init": "random"}),
    ("head random, no warm-up", {"head_init": "random", "margin_warmup": False}),
)
ABLATION_SEEDS = 10
# Centring at 10 classes, where it matters in both directions.
CENTRING = (("normface", page_params("normface")), ("arcface", {}))


def ablation_line(label: str, row: Row) -> str:
    accuracy, worst = spread(row.accuracy, 1, 100.0), 100 * min(row.accuracy)
    return f"| {label} | {row.classes} | {row.reached}/{row.seeds} | {accuracy} | {worst:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1 seed, 3 classes only: a smoke run")
    args = parser.parse_args()
    seeds = 1 if args.quick else args.seeds
    class_counts = (3,) if args.quick else (3, 10)
    began = time.perf_counter()
    print(f"# training bench: Python {platform.python_version()}, NumPy {np.__version__}\n")

    print("## fit_linear: the training lab's loop (blobs, 3 x 40 points, lr 0.5, 5 steps per call)\n")
    print("| loss | steps/s | ms per call (5 steps) |\n|---|---|---|")
    for kind in TABLE_KINDS:
        rate = linear_speed(kind)
        print(f"| {kind} | {rate:,.0f} | {1000 * LAB_STEPS / rate:.2f} |")
    rate = linear_speed("arcface", data="spirals", classes=6, dim=3)
    print(f"| arcface, spirals 6 x 40 in 3D | {rate:,.0f} | {1000 * LAB_STEPS / rate:.2f} |")

    # First, while the digits are not loaded yet: the time includes importing scikit-learn.
    seconds, epochs = time_to_picture()
    print(
        f"\n## fit_features\n\nThe page's default pair (softmax and ArcFace side by side, 3 digits, 2D, "
        f"{LAB_EPOCHS_PER_FRAME} epochs per frame) both reach {TARGET:.0%} held out after {epochs} epochs: "
        f"{seconds:.2f} s from a cold start, loading the digits included.\n"
    )
    print("Epochs per second (2D features, page parameters):\n")
    print("| classes | softmax | arcface |\n|---|---|---|")
    for classes in class_counts:
        softmax, arcface = feature_speed(classes, "softmax"), feature_speed(classes, "arcface")
        print(f"| {classes} | {softmax:.0f} | {arcface:.0f} |")

    for title, params_of in (("page parameters (s = 8)", page_params), ("papers' parameters", paper_params)):
        rows = [
            run_row(kind, classes, seeds, params_of(kind)) for classes in class_counts for kind in TABLE_KINDS
        ]
        budget = ", ".join(f"{EPOCHS[c]} epochs for {c} classes" for c in class_counts)
        print(f"\n## Learned 2D features, {title}: {seeds} seeds, {budget}\n")
        print(markdown(rows, f"{title}; mean ± sd over seeds 0..{seeds - 1}"))
        print(f"\n({sum(r.seconds for r in rows):.0f} s)")

    if not args.quick:
        print(f"\n## Cold-start remedies (2D): ArcFace, s = 64, 3 digits, {ABLATION_SEEDS} seeds; centring\n")
        print("| variant | classes | reached 95 % | final held-out acc. (%) | worst seed (%) |")
        print("|---|---|---|---|---|")
        for label, options in ABLATION:
            print(ablation_line(label, run_row("arcface", 3, ABLATION_SEEDS, {}, **options)), flush=True)
        for kind, params in CENTRING:
            for centred in (True, False):
                row = run_row(kind, 10, seeds, params, center_features=centred)
                label = (
                    f"{kind} ({'s = 8' if params else 'papers'}), {'centred' if centred else 'not centred'}"
                )
                print(ablation_line(label, row), flush=True)
    print(f"\nTotal {time.perf_counter() - began:.0f} s.")


if __name__ == "__main__":
    main()
