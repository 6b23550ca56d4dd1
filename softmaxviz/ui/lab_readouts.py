"""Training-lab readouts: its status line, the lesson its numbers teach and the feature table,
as pure functions of the scene and the runs (no Streamlit)."""

from __future__ import annotations

import numpy as np

from softmaxviz import lab
from softmaxviz.core import ZERO_NORM
from softmaxviz.kinds import KINDS
from softmaxviz.lab import LAB_VIEW, FeatureRuns, LinearRun
from softmaxviz.results import outside_notes
from softmaxviz.state import Scene
from softmaxviz.strings import fmt_prose, names_list, plain_number, short_kind_name, t
from softmaxviz.ui.readouts import Table, fmt

# The lesson compares the mean norm over this many of the latest steps.
LESSON_WINDOW = 200
# Norms that changed by at most this fraction over the window "barely moved".
BARELY = 0.05


def status(run: LinearRun, lang: str) -> str:
    """Steps done, and the loss and accuracy of the weights and points shown now (not the last
    step's record: a drag or a click since then changed them)."""
    now = lab.score(run)
    if now is None:
        return t("lab.status", lang, step=run.step, loss=t("undefined", lang), accuracy=t("undefined", lang))
    return t("lab.status", lang, step=run.step, loss=fmt(now[0], lang, 4), accuracy=f"{now[1]:.0%}")


def zero_weight(run: LinearRun, lang: str) -> str | None:
    """Why an angular loss cannot train: a weight dragged onto the origin has no direction (None
    while every weight has one, or for a kind that needs no angle: softmax)."""
    if not KINDS[run.kind].angular:
        return None
    zero = np.flatnonzero(np.linalg.norm(run.W, axis=0) <= ZERO_NORM)
    if not zero.size:
        return None
    return t("margin.zero_vector", lang, kind=short_kind_name(run.kind, lang), vector=f"w{zero[0] + 1}")


def outside(run: LinearRun, lang: str) -> str | None:
    """The weights beyond the 2D canvas's fixed view ``[-LAB_VIEW, LAB_VIEW]^2`` (the explorer's
    ``results.outside_notes``; the lab has no half-width to widen), or None: every weight in it,
    or 3D, whose chart reaches every weight."""
    if run.X.shape[0] != 2:
        return None
    notes = outside_notes(run.points(), LAB_VIEW)
    if not notes:
        return None
    (note,) = notes
    names = dict(note.args)["names"]
    key = "lab.outside" if len(names) == 1 else "lab.outside_many"
    return t(key, lang, names=names_list(names, lang), view=plain_number(LAB_VIEW))


def points_outside(scene: Scene, lang: str) -> str | None:
    """How many clicked points lie beyond the 2D canvas's fixed view ``[-LAB_VIEW, LAB_VIEW]^2``
    (a link's point at (99, 99) trained the classifier and was drawn nowhere), or None: all in it,
    or 3D, whose chart reaches every point."""
    if scene.train_data != "clicked" or scene.train_dim != 2:
        return None
    n = sum(max(abs(x), abs(y)) > LAB_VIEW for x, y, _ in scene.train_points)
    if not n:
        return None
    key = "lab.point_outside" if n == 1 else "lab.points_outside"
    view, total = plain_number(LAB_VIEW), len(scene.train_points)
    return t(key, lang, n=n, total=total, view=view, clear=t("lab.clear_points", lang))


def diverged(run: LinearRun, lang: str) -> str | None:
    """Why training stopped short (``run.stopped``), from its numbers: what the refused step would
    have done, and what made it: weight decay's factor ``1 - lr wd`` where it is below -1 (it
    enlarges the weights at every step), else the rate (the decay shrinks them or leaves them be,
    so the gradient's steps did it). None while training did not stop."""
    stopped = run.stopped
    if stopped is None:
        return None
    if stopped.overflowed:
        outcome = t("lab.diverged_overflow", lang)
    else:
        size, bound = fmt(stopped.size, lang), plain_number(stopped.max_abs)
        outcome = t("lab.diverged_past", lang, size=size, bound=bound)
    lr, wd = plain_number(stopped.lr), plain_number(stopped.weight_decay)
    if stopped.factor < -1:
        why = t("lab.diverged_decay", lang, lr=lr, wd=wd, factor=fmt_prose(stopped.factor, lang))
    else:
        why = t("lab.diverged_rate", lang, lr=lr)
    return t("lab.diverged", lang, step=stopped.step - 1, next=stopped.step, outcome=outcome, why=why)


def lesson(run: LinearRun, scene: Scene, lang: str) -> str:
    """What the norms did over the latest steps, and why, from the numbers, the kind's entry and
    the learning rate and weight decay those steps were taken with (the latest steps taken at one
    setting: :func:`_same_rates`).

    A kind that normalises w never sees ``||w_k||`` (its gradient is perpendicular to w_k): only
    the second-order term lengthens w_k, and weight decay scales it by ``1 - lr wd`` each step. One
    that sees it lengthens the weights where that lowers the loss. What it says they did is what
    the two numbers it shows did: "stayed at" where they read the same (0.127 and 0.127 were said
    to have grown, 3.8752e+05 and 3.8752e+05 to have shortened). "Without bound" only with every
    point on its side and no weight decay; else the reason that holds: weight decay, or the points
    on the wrong side (the norms grow without bound only on data every point of which is on its
    side), or, every point on its side, that the gradient shortened them.
    """
    if run.losses.size < 2:  # a trend needs two steps' norms
        return t("lab.lesson_start" if run.X.shape[1] else "lab.lesson_no_points", lang)
    # The latest steps taken at one learning rate and weight decay, and those: what it says of the
    # steps holds for them whatever the settings are now (after an Undo of lr 5 and wd 0.5 it
    # blamed plain softmax, at lr 0.5 and wd 0, for the norms those had blown up).
    steps_at, (lr, decay) = _same_rates(run, scene)
    # The norms after each step: n of them span n - 1 steps ("over the last 5 steps" was said of
    # the norms after steps 1 and 5).
    window = run.norms[-(min(LESSON_WINDOW, steps_at) + 1) :].mean(axis=1)
    first, last = float(window[0]), float(window[-1])
    n = len(window) - 1  # "over the last 1 steps" after two Steps
    steps = t("lab.one_step", lang) if n == 1 else t("lab.n_steps", lang, n=n)
    args = dict(first=fmt(first, lang), last=fmt(last, lang), steps=steps)
    # Digits enough to show it below 1: at lr·wd = 0.0004, "1.000" read as no decay at all.
    shrink = lr * decay
    factor = fmt_prose(1.0 - shrink, lang, max(3, int(np.ceil(-np.log10(shrink))) + 1) if shrink > 0 else 3)
    # A "decay" that zeroes or flips the weights: the factor alone did not say so.
    args["flips"] = _flips(1.0 - shrink, run, lang) if shrink >= 1 else ""
    if KINDS[run.kind].normalizes_w:
        if decay:  # "can only lengthen" holds without decay alone: with it the norms fell
            return t("lab.lesson_angles_decay", lang, factor=factor, **args)
        # "Barely" only where it is true: early steps with large gradients lengthen w_k visibly.
        barely = abs(last - first) <= BARELY * first
        return t("lab.lesson_angles" if barely else "lab.lesson_angles_grow", lang, **args)
    still = args["first"] == args["last"]  # as shown: the digits are what the reader compares
    if decay:  # "without bound" is not true with decay, whichever way the norms went
        return t("lab.lesson_decay_still" if still else "lab.lesson_decay", lang, factor=factor, **args)
    wrong = int(np.sum(run.predicted() != run.y))
    if wrong:
        return t(
            "lab.lesson_still_wrong_side" if still else "lab.lesson_wrong_side",
            lang,
            wrong=t("lab.wrong_one" if wrong == 1 else "lab.wrong_many", lang, wrong=wrong, n=run.y.size),
            **args,
        )
    if still:
        return t("lab.lesson_still", lang, **args)
    return t("lab.lesson_grow" if last > first else "lab.lesson_shorter", lang, **args)


def _same_rates(run: LinearRun, scene: Scene) -> tuple[int, tuple[float, float]]:
    """How many of the latest steps were taken at the last step's learning rate and weight decay,
    and those two (``run.rates``). Records without rates (a run built by hand): every step, at
    the scene's."""
    rates = run.rates
    if len(rates) != run.losses.size or not np.isfinite(rates[-1]).all():
        return run.losses.size - 1, (scene.train_lr, scene.train_decay)
    same = np.all(rates == rates[-1], axis=1)
    count = int(np.argmin(same[::-1])) if not same.all() else len(same)
    return count, (float(rates[-1, 0]), float(rates[-1, 1]))


def _flips(factor: float, run: LinearRun, lang: str) -> str:
    """What weight decay's factor ``1 - lr wd`` does where it is 0 or below: at 0 it sets every
    weight to zero before the gradient's step; below it flips each weight's sign (at -1 keeping
    its size). Then what the weights did here, from the run's records (:func:`_outcome`): at 0
    they may settle (lr 1, wd 1 on the blobs: W = -lr grad L(W)) or swing (lr 5, wd 0.2); "they do
    not settle" was said of both."""
    outcome = _outcome(run, lang)
    if factor == 0:
        return t("lab.decay_zero", lang, outcome=outcome)
    return t("lab.decay_flips", lang, size=fmt(-factor, lang), outcome=outcome)


def _outcome(run: LinearRun, lang: str) -> str:
    """What the last records show, as the status line writes a loss (4 digits): settled (the last
    three losses and norms read the same), a swing between two losses (the last four alternate
    a, b, a, b), a loss rising and falling at alternate steps, or nothing said."""
    losses = [fmt(float(v), lang, 4) for v in run.losses[-4:]]
    norms = [tuple(fmt(float(v), lang, 4) for v in row) for row in run.norms[-3:]]
    if len(losses) >= 3 and len(set(losses[-3:])) == 1 and len(set(norms)) == 1:
        return t("lab.outcome_settled", lang, loss=losses[-1])
    if len(losses) < 4:
        return ""
    if losses[0] == losses[2] != losses[1] == losses[3]:
        return t("lab.outcome_cycle", lang, a=losses[2], b=losses[3])
    steps = np.sign(np.diff(run.losses[-4:]))
    if np.all(steps != 0) and np.all(steps[1:] == -steps[:-1]):
        return t("lab.outcome_alternate", lang, values=t("list.sep", lang).join(losses))
    return ""


def feature_table(runs: FeatureRuns, kinds: tuple[str, str], lang: str) -> Table:
    """Per loss (a column each): epochs, the last loss, held-out accuracy, Intra, Inter, mean ‖f‖."""
    columns = [short_kind_name(kind, lang) for kind in kinds]
    rows: dict[str, list[str]] = {}
    for fit in runs.fits:
        h = None if fit is None else fit.history
        cells = {
            t("lab.col_loss", lang): "—" if h is None else fmt(h.loss[-1], lang, 4),
            t("lab.col_accuracy", lang): "—" if h is None else f"{h.held_out_accuracy[-1]:.1%}",
            t("lab.col_intra", lang): "—" if h is None else fmt(float(np.degrees(h.intra[-1])), lang, 1),
            t("lab.col_inter", lang): "—" if h is None else fmt(float(np.degrees(h.inter[-1])), lang, 1),
            t("lab.col_norm", lang): "—" if h is None else fmt(h.feature_norm[-1], lang, 2),
        }
        for label, value in cells.items():
            rows.setdefault(label, []).append(value)
    return Table(tuple(columns), tuple((label, tuple(cells)) for label, cells in rows.items()))
