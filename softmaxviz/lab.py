"""The training lab's runs: what the page trains, as immutable values built from the scene.

A :class:`LinearRun` is a linear classifier learning one of ``training.make_data``'s sets: the
data, the current ``W`` (D, K) and ``b`` (K,), and the history of every step so far. The page
advances it a few steps per frame with :func:`advance`, and the user may drag a weight in
between (:func:`with_points`); training continues from there. A :class:`FeatureRuns` is the
learned-features tab: two losses trained side by side on the same digits from the same seed.

Everything here is pure: the same scene and the same calls give the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from softmaxviz.kinds import KINDS
from softmaxviz.state import MAX_ABS, Scene
from softmaxviz.training import (
    WARMUP_EPOCHS,
    Divergence,
    FeatureFit,
    batch_margin,
    fit_features,
    fit_linear,
    init_weights,
    load_digits,
    make_data,
    predict,
)

POINTS_PER_CLASS = 40
# The 2D canvas's fixed view [-LAB_VIEW, LAB_VIEW]^2: the lab has no half-width to widen.
LAB_VIEW = 4.0
# Enough history for the curves; older steps are dropped so a long run stays cheap.
HISTORY_MAX = 4000


def linear_setup(scene: Scene) -> tuple:
    """What defines a linear run: when it changes, the run starts again."""
    return (scene.train_data, scene.train_classes, scene.train_seed, scene.train_loss, dimension(scene))


def dimension(scene: Scene) -> int:
    """The run's D: clicked points live on the canvas, so they are 2D."""
    return 2 if scene.train_data == "clicked" else scene.train_dim


def kind_params(kind: str) -> dict[str, Any]:
    """The parameters the lab trains ``kind`` with: its page defaults (the papers' scales of 16
    to 64 saturate a toy picture)."""
    return dict(KINDS[kind].page_defaults)


@dataclass(frozen=True)
class LinearRun:
    """A linear classifier learning a data set.

    Attributes
    ----------
    setup : tuple
        :func:`linear_setup` of the scene it started from.
    X : ndarray, shape (D, N)
    y : ndarray of int, shape (N,)
    W : ndarray, shape (D, K)
    b : ndarray, shape (K,)
        Zeros for every kind but softmax.
    step : int
        Gradient steps done.
    losses, accuracy : ndarray, shape (T,)
        Per step, the mean loss and the fraction of points predicted right; the first record is of
        the weights the first step started from (records span ``T - 1`` steps, the last at
        ``step``).
    norms, mean_angles : ndarray, shape (T, K)
        Per step, ``||w_k||`` and the angle (radians) between ``w_k`` and class k's mean.
    rates : ndarray, shape (T, 2)
        Per step, the learning rate and weight decay it was taken with (NaN for the start's
        record): what a lesson about those steps may say of them, whatever the settings are now.
    stopped : Divergence or None
        Why the last :func:`advance` stopped short of its steps (training diverged: the weights are
        the last ones within the app's coordinate bound); None once the weights, the points or the
        step count change otherwise (a drag, a click, an Undo), since it speaks of the weights then.
    """

    setup: tuple
    X: np.ndarray
    y: np.ndarray
    W: np.ndarray
    b: np.ndarray
    step: int
    losses: np.ndarray
    accuracy: np.ndarray
    norms: np.ndarray
    mean_angles: np.ndarray
    rates: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    stopped: Divergence | None = None

    @property
    def kind(self) -> str:
        return self.setup[3]

    def points(self) -> dict[str, list[float]]:
        """The weight tips ``{"w1": [x, y], ...}`` (three coordinates in 3D)."""
        return {f"w{k + 1}": [float(v) for v in self.W[:, k]] for k in range(self.W.shape[1])}

    def predicted(self) -> np.ndarray:
        """Each point's class without margin, shape (N,)."""
        return predict(self.W, self.X, self.kind, self.b)


def progress(run: LinearRun, *, records: bool = True) -> dict[str, Any]:
    """What training changes in ``run``: its setup, weights, bias, step and records (with
    ``records=False`` only their count, which :func:`rewound` cuts the run's own records back to:
    a run's records only ever grow, so an earlier count names their earlier state)."""
    held = (run.losses, run.accuracy, run.norms, run.mean_angles, run.rates) if records else None
    return {
        "setup": run.setup,
        "W": run.W,
        "b": run.b,
        "step": run.step,
        "n": run.losses.size,
        "records": held,
    }


def rewound(run: LinearRun, state: dict[str, Any]) -> LinearRun:
    """``run`` with the :func:`progress` ``state`` back: the weights, bias and step it names, and
    its records then. Raises ValueError where the state is not this run's (another setup, or more
    records than the run has)."""
    if state["setup"] != run.setup:
        raise ValueError("another run's progress")
    records = state["records"]
    if records is None:
        n = state["n"]
        if run.losses.size < n:
            raise ValueError("records the run no longer has")
        records = (run.losses[:n], run.accuracy[:n], run.norms[:n], run.mean_angles[:n], run.rates[:n])
    losses, accuracy, norms, mean_angles, rates = records
    return replace(
        run,
        W=state["W"],
        b=state["b"],
        step=state["step"],
        losses=losses,
        accuracy=accuracy,
        norms=norms,
        mean_angles=mean_angles,
        rates=rates,
        stopped=None,
    )


def charted(run: LinearRun) -> LinearRun:
    """``run`` as its curves draw it: before any record, the weights it has now as step ``step``'s
    (the record its first step will open with; a drag before it moves it), so that the charts
    show where training starts beside the status line's loss instead of standing empty. A run
    without points, or whose loss is undefined (an angular loss and a weight at the origin), keeps
    its empty records.
    """
    if run.losses.size or run.X.shape[1] == 0:
        return run
    try:
        fit = fit_linear(
            run.X,
            run.y,
            run.kind,
            steps=0,
            lr=1.0,
            W0=run.W,
            b0=run.b,
            classes=run.W.shape[1],
            record_start=True,
            **kind_params(run.kind),
        )
    except ValueError:
        return run
    records = dict(losses=fit.losses, accuracy=fit.accuracy, norms=fit.norms, mean_angles=fit.mean_angles)
    return replace(run, **records, rates=np.full((1, 2), np.nan))


def data(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """The scene's points: a generated set, or the clicked ones. X (2, N), y (N,)."""
    if scene.train_data == "clicked":
        points = np.array(scene.train_points, dtype=float).reshape(-1, 3)
        return points[:, :2].T.copy(), points[:, 2].astype(int)
    return make_data(
        scene.train_data, POINTS_PER_CLASS, scene.train_classes, dimension(scene), scene.train_seed
    )


def start(scene: Scene) -> LinearRun:
    """A new run: the scene's data set and evenly spread starting weights, no step done."""
    X, y = data(scene)
    k = scene.train_classes
    return LinearRun(
        linear_setup(scene),
        X,
        y,
        init_weights(X.shape[0], k, scene.train_seed),
        np.zeros(k),
        0,
        np.empty(0),
        np.empty(0),
        np.empty((0, k)),
        np.empty((0, k)),
    )


def with_data(run: LinearRun, scene: Scene) -> LinearRun:
    """The run on the scene's current points (clicked points come and go), its weights kept."""
    X, y = data(scene)
    if X.shape == run.X.shape and np.array_equal(X, run.X) and np.array_equal(y, run.y):
        return run
    return replace(run, X=X, y=y, stopped=None)


def advance(run: LinearRun, scene: Scene, steps: int | None = None) -> LinearRun:
    """``steps`` (default the scene's steps per frame) more gradient steps with the scene's rate,
    weight decay and mini-batch size, continuing from the run's weights. No points: no step.

    Training that diverges stops at the last weights within the app's coordinate bound
    (``state.MAX_ABS``, what a scene and a drag may hold), and the run's ``stopped`` says why: the
    weights stay ones the canvas, the explorer's link and the curves can show."""
    if run.X.shape[1] == 0:
        return run
    fit = fit_linear(
        run.X,
        run.y,
        run.kind,
        steps=scene.train_steps if steps is None else steps,
        lr=scene.train_lr,
        weight_decay=scene.train_decay,
        seed=scene.train_seed,
        W0=run.W,
        b0=run.b,
        start_step=run.step,
        batch_size=scene.train_batch or None,
        classes=run.W.shape[1],
        max_abs=MAX_ABS,
        # The curves begin at the weights training began from (a drag before it included).
        record_start=run.losses.size == 0,
        **kind_params(run.kind),
    )

    # Each new record's rates: the start's (when the records open with it) has none.
    rates = np.tile([scene.train_lr, scene.train_decay], (fit.losses.size, 1))
    if run.losses.size == 0 and fit.losses.size:
        rates[0] = np.nan

    def grow(old: np.ndarray, new: np.ndarray) -> np.ndarray:
        joined = np.concatenate([old, new])
        return joined[-HISTORY_MAX:]

    return replace(
        run,
        W=fit.W,
        b=fit.b,
        step=fit.step,
        losses=grow(run.losses, fit.losses),
        accuracy=grow(run.accuracy, fit.accuracy),
        norms=grow(run.norms, fit.norms),
        mean_angles=grow(run.mean_angles, fit.mean_angles),
        rates=grow(run.rates, rates),
        stopped=fit.stopped,
    )


def score(run: LinearRun) -> tuple[float, float] | None:
    """The mean loss and the accuracy of the run's weights *now* on its points *now*.

    The last step's record goes stale as soon as the user drags a weight or clicks a point, so the
    status line asks this instead. None where there is no number: no points, or an angular loss
    with a weight at the origin (its angle is undefined).
    """
    if run.X.shape[1] == 0:
        return None
    params = kind_params(run.kind)
    if KINDS[run.kind].has_bias:
        params["b"] = run.b
    try:
        now = batch_margin(run.W, run.X, run.y, run.kind, gradients=False, **params)
    except ValueError:
        return None
    return float(now.loss), float(np.mean(now.predicted == run.y))


def with_points(run: LinearRun, points: dict[str, Any]) -> LinearRun:
    """The run with dragged weight tips ``{"w2": [x, y]}`` moved (unknown names are ignored).

    Raises ValueError for a value that is not a finite pair.
    """
    W = run.W.copy()
    for name, value in points.items():
        if not (isinstance(name, str) and name[:1] == "w" and name[1:].isdigit()):
            continue
        k = int(name[1:]) - 1
        if not 0 <= k < W.shape[1]:
            continue
        tip = np.asarray(value, dtype=float)
        if tip.shape != (W.shape[0],) or not np.isfinite(tip).all() or np.abs(tip).max() > MAX_ABS:
            raise ValueError(f"a weight must be {W.shape[0]} finite numbers, got {value!r}")
        W[:, k] = tip
    return replace(run, W=W, stopped=None)


def as_scene(run: LinearRun, scene: Scene) -> Scene | None:
    """The trained weights as the 2D or 3D explorer's scene (its K is 3), or None for another K."""
    if run.W.shape[1] != 3:
        return None
    weights = tuple(tuple(round(float(v), 4) for v in w) for w in run.W.T)
    name = "weights" if run.W.shape[0] == 2 else "weights3"
    return replace(scene, **{name: weights}, biases=tuple(round(float(v), 4) for v in run.b))


# --- learned features ----------------------------------------------------------------------------

FEATURE_EPOCHS_PER_FRAME = 2


def warms_up(scene: Scene) -> bool:
    """Whether the features' warm-up does anything: one of the two losses has a margin to ramp (the
    registry's no-margin values; softmax and NormFace have none)."""
    return any(KINDS[kind].no_margin for kind in scene.feature_losses)


def feature_setup(scene: Scene) -> tuple:
    return (scene.feature_classes, scene.feature_dim, scene.feature_losses, scene.warmup, scene.train_seed)


def digit_classes(scene: Scene) -> tuple[int, ...]:
    return tuple(range(scene.feature_classes))


@dataclass(frozen=True)
class FeatureRuns:
    """Two losses trained side by side on the same digits from the same seed (None: no epoch yet)."""

    setup: tuple
    fits: tuple[FeatureFit | None, FeatureFit | None]

    @property
    def epoch(self) -> int:
        return 0 if self.fits[0] is None else self.fits[0].epoch


def start_features(scene: Scene) -> FeatureRuns:
    return FeatureRuns(feature_setup(scene), (None, None))


def advance_features(runs: FeatureRuns, scene: Scene, epochs: int = FEATURE_EPOCHS_PER_FRAME) -> FeatureRuns:
    """``epochs`` more epochs for both losses."""
    images, labels = load_digits(digit_classes(scene))
    fits = tuple(
        fit_features(
            images,
            labels,
            kind,
            dim=scene.feature_dim,
            epochs=epochs,
            seed=scene.train_seed,
            margin_warmup=scene.warmup,
            warmup_epochs=WARMUP_EPOCHS,  # the page's note names this number
            state=fit,
            **kind_params(kind),
        )
        for kind, fit in zip(scene.feature_losses, runs.fits, strict=True)
    )
    return replace(runs, fits=fits)
