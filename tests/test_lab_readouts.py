"""Training-lab readouts: the status and the lesson follow the numbers and the kind's entry."""

from dataclasses import replace

import numpy as np
import pytest

from softmaxviz import lab
from softmaxviz.state import Scene
from softmaxviz.strings import fmt_prose, t
from softmaxviz.training import Divergence
from softmaxviz.ui import lab_readouts
from softmaxviz.ui.readouts import fmt


def test_status_before_and_after_a_step():
    scene = Scene()
    run = lab.start(scene)
    assert lab_readouts.status(run, "en").startswith("Step 0 · loss ")
    run = lab.advance(run, scene, 3)
    assert lab_readouts.status(run, "en") == (
        f"Step 3 · loss {run.losses[-1]:.4f} · accuracy {run.accuracy[-1]:.0%}"
    )


def test_status_is_of_the_weights_and_points_shown_now():
    # One point (1, 0) of class 1; w = (1, 0), (0, 1), (-1, 0), b = 0: logits (1, 0, -1), so the
    # loss is log(1 + e^-1 + e^-2) = 0.4076 and the point is right.
    scene = replace(Scene(), train_data="clicked", train_points=((1.0, 0.0, 0),))
    tips = {"w1": [1.0, 0.0], "w2": [0.0, 1.0], "w3": [-1.0, 0.0]}
    run = lab.with_points(lab.start(scene), tips)
    assert lab_readouts.status(run, "en") == "Step 0 · loss 0.4076 · accuracy 100%"
    # Five steps, then the weights dragged back and w1 to (-1, 0) (the bias the steps learned
    # zeroed): logits (-1, 0, -1), loss 1 + log(1 + 2/e) = 1.5514, the point wrong.
    run = lab.with_points(lab.advance(run, scene, 5), tips | {"w1": [-1.0, 0.0]})
    run = replace(run, b=np.zeros(3))
    assert lab_readouts.status(run, "en") == "Step 5 · loss 1.5514 · accuracy 0%"
    # The points cleared after the steps: no loss, no accuracy (not the last step's record).
    empty = lab.with_data(run, replace(scene, train_points=()))
    assert lab_readouts.status(empty, "en") == "Step 5 · loss — · accuracy —"


def test_status_has_no_loss_for_an_angular_loss_with_a_weight_at_the_origin():
    scene = replace(Scene(), train_loss="cosface")
    run = lab.with_points(lab.advance(lab.start(scene), scene, 3), {"w2": [0.0, 0.0]})
    assert lab_readouts.status(run, "en") == "Step 3 · loss — · accuracy —"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_weight_at_the_origin_is_named_for_an_angular_loss_only(lang):
    cosface = replace(Scene(), train_loss="cosface")
    run = lab.with_points(lab.start(cosface), {"w2": [0.0, 0.0]})
    assert lab_readouts.zero_weight(run, lang) == t("margin.zero_vector", lang, kind="CosFace", vector="w2")
    assert lab_readouts.zero_weight(lab.start(cosface), lang) is None
    softmax = lab.with_points(lab.start(Scene()), {"w2": [0.0, 0.0]})
    assert lab_readouts.zero_weight(softmax, lang) is None  # softmax needs no angle


def test_lesson_before_a_step_says_what_starts_training():
    # With no points, Step and Play are off: the lesson said "Press Step or Play" all the same.
    clicked = replace(Scene(), train_data="clicked")
    assert lab_readouts.lesson(lab.start(clicked), clicked, "en") == t("lab.lesson_no_points", "en")
    points = replace(clicked, train_points=((1.0, 0.0, 0),))
    assert lab_readouts.lesson(lab.start(points), points, "en") == t("lab.lesson_start", "en")


def test_lesson_says_softmax_lengthens_the_weights_when_the_norms_grow():
    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 300)
    assert run.norms[-1].mean() > run.norms[-200].mean()
    assert "lengthening the weights" in lab_readouts.lesson(run, scene, "en")


def test_lesson_says_angular_kinds_see_only_directions():
    for kind in ("normface", "cosface", "arcface", "sphereface"):
        scene = replace(Scene(), train_loss=kind)
        run = lab.advance(lab.start(scene), scene, 50)
        assert "only the direction of w_k" in lab_readouts.lesson(run, scene, "en"), kind


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_for_angular_kinds_says_barely_only_when_the_norms_barely_moved(lang):
    # SphereFace on blobs, one Step of 5: mean ‖w_k‖ 1.18 -> 1.96 (+67 %) from the first step's
    # norms to the fifth's, over 4 steps (it said 5), which is not "barely".
    scene = replace(Scene(), train_loss="sphereface")
    run = lab.advance(lab.start(scene), scene, 5)
    window = run.norms[-(lab_readouts.LESSON_WINDOW + 1) :].mean(axis=1)
    assert window[-1] > window[0] * (1 + lab_readouts.BARELY)
    args = dict(
        first=fmt(float(window[0]), lang),
        last=fmt(float(window[-1]), lang),
        steps=t("lab.n_steps", lang, n=5),  # the records at steps 0 to 5
    )
    assert lab_readouts.lesson(run, scene, lang) == t("lab.lesson_angles_grow", lang, **args)
    # Later the gradients are small: the norms barely move, and it says so.
    run = lab.advance(run, scene, 400)
    window = run.norms[-(lab_readouts.LESSON_WINDOW + 1) :].mean(axis=1)
    assert abs(window[-1] - window[0]) <= lab_readouts.BARELY * window[0]
    assert lab_readouts.lesson(run, scene, lang).startswith(
        t("lab.lesson_angles", lang, first="", last="", steps=0)[:20]
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_with_weight_decay_says_what_decay_does_not_without_bound(lang):
    # Softmax with decay said "without bound" (norms growing) or blamed "not separable"; ArcFace
    # with decay said a step "can only lengthen" w_k while the chart showed the norms falling.
    for kind, key in (("softmax", "lab.lesson_decay"), ("arcface", "lab.lesson_angles_decay")):
        scene = replace(Scene(), train_loss=kind, train_decay=0.5, train_lr=0.5)
        run = lab.advance(lab.start(scene), scene, 40)
        text = lab_readouts.lesson(run, scene, lang)
        window = run.norms[-(lab_readouts.LESSON_WINDOW + 1) :].mean(axis=1)
        args = dict(
            first=fmt(float(window[0]), lang),
            last=fmt(float(window[-1]), lang),
            steps=t("lab.n_steps", lang, n=40),  # steps 0 to 40
            flips="",
        )
        assert text == t(key, lang, factor=fmt(0.75, lang), **args), kind
    # At lr 5 the factor is -1.5: the norms explode, and the lesson says the factor that does it.
    scene = replace(Scene(), train_loss="arcface", train_decay=0.5, train_lr=5.0)
    run = lab.advance(lab.start(scene), scene, 10)
    assert run.norms[-1].mean() > 10 * run.norms[0].mean()
    assert fmt_prose(-1.5, lang) == "−1.500" and "−1.500" in lab_readouts.lesson(run, scene, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["softmax", "arcface"])
def test_lesson_says_a_factor_of_zero_or_below_zeroes_or_flips_the_weights(kind, lang):
    # lr 5, wd 0.4: the factor -1 flips every weight at each step, which swing from side to side
    # without ever passing the bound that stops training; the lesson said only "= -1.000".
    def lesson(lr, wd):
        scene = replace(Scene(), train_loss=kind, train_decay=wd, train_lr=lr)
        run = lab.advance(lab.start(scene), scene, 6)
        return lab_readouts.lesson(run, scene, lang), lab_readouts._outcome(run, lang)

    for lr, wd, factor in ((5.0, 0.4, 1.0), (5.0, 0.3, 0.5)):
        text, outcome = lesson(lr, wd)
        assert text.endswith(t("lab.decay_flips", lang, size=fmt(factor, lang), outcome=outcome))
    text, outcome = lesson(5.0, 0.2)
    assert text.endswith(t("lab.decay_zero", lang, outcome=outcome))
    for lr, wd in ((0.5, 0.5), (4.0, 0.2)):  # 0.75 and 0.2 shrink without flipping
        text, _ = lesson(lr, wd)
        assert t("lab.decay_flips", lang, size="", outcome="")[:12] not in text
        assert t("lab.decay_zero", lang, outcome="\0").split("\0")[0] not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_a_factor_of_zero_or_below_did_is_read_from_the_records(lang):
    # "At 1 - lr·wd = 0 ... the weights do not settle": at lr 1, wd 1 on the blobs they settle at
    # W = -lr ∇L(W) (loss 0.500094 from step ~50 on, recomputed apart by a QA pass), while at lr 5,
    # wd 0.2 the loss swings. What the lesson says they did is what the records show.
    def outcome(lr, wd, steps):
        scene = replace(Scene(), train_decay=wd, train_lr=lr)
        run = lab.advance(lab.start(scene), scene, steps)
        return lab_readouts.lesson(run, scene, lang), run

    text, run = outcome(1.0, 1.0, 200)
    assert run.losses[-1] == pytest.approx(0.500094, abs=1e-6)
    assert t("lab.outcome_settled", lang, loss=fmt(0.5001, lang, 4)) in text
    # The swing, once its two losses repeat to the digits shown, and before: rising and falling.
    text, run = outcome(5.0, 0.2, 200)
    a, b = (fmt(float(v), lang, 4) for v in run.losses[-2:])
    assert a != b and t("lab.outcome_cycle", lang, a=a, b=b) in text
    text, run = outcome(5.0, 0.2, 6)
    shown = [fmt(float(v), lang, 4) for v in run.losses[-4:]]
    values = t("list.sep", lang).join(shown)
    assert shown[0] != shown[2] and t("lab.outcome_alternate", lang, values=values) in text
    # Two steps: too few records to say anything of what they did.
    text, run = outcome(1.0, 1.0, 1)
    assert text.endswith(t("lab.decay_zero", lang, outcome=""))


def _with_losses(losses, norms=None):
    run = lab.start(Scene())
    norms = np.ones((len(losses), 3)) if norms is None else np.asarray(norms, dtype=float)
    return replace(run, losses=np.asarray(losses, dtype=float), norms=norms)


def test_the_outcome_reads_the_losses_and_norms_as_the_page_shows_them():
    outcome = lab_readouts._outcome
    assert outcome(_with_losses([0.3, 0.5, 0.5, 0.5]), "en") == t("lab.outcome_settled", "en", loss="0.5000")
    # The same losses with a norm still moving: not settled.
    moving = _with_losses([0.5, 0.5, 0.5], [[1, 1, 1], [1, 1, 1], [1, 1, 1.1]])
    assert outcome(moving, "en") == ""
    assert outcome(_with_losses([1, 2, 1, 2]), "en") == t("lab.outcome_cycle", "en", a="1.0000", b="2.0000")
    assert outcome(_with_losses([1, 2, 1.5, 3]), "en") == t(
        "lab.outcome_alternate", "en", values="1.0000, 2.0000, 1.5000, 3.0000"
    )
    assert outcome(_with_losses([1, 2, 3, 4]), "en") == ""  # rising: nothing said
    assert outcome(_with_losses([1, 2, 2, 1]), "en") == ""  # a tie between two steps: no alternation
    assert outcome(_with_losses([1, 2]), "en") == ""


def test_a_small_weight_decay_s_factor_is_not_written_1():
    # lr 1, wd 0.0004: the factor 0.9996 read "1.000", as if there were no decay.
    scene = replace(Scene(), train_decay=0.0004, train_lr=1.0)
    run = lab.advance(lab.start(scene), scene, 4)
    text = lab_readouts.lesson(run, scene, "en")
    assert "= 0.99960 at every step" in text and "1.000 at" not in text


def test_lesson_says_why_softmax_norms_did_not_grow_from_the_run_s_own_numbers():
    # After a drag made the weights long, softmax's first steps shortened them with every point on
    # its side and no decay: it said "the data are not linearly separable, or weight decay".
    scene = Scene()
    run = lab.with_points(lab.start(scene), {"w1": [3, 3], "w2": [-3, 3]})
    run = lab.advance(run, scene, 10)
    assert lab.score(run)[1] == 1.0 and run.norms[-1].mean() < run.norms[0].mean()
    assert lab_readouts.lesson(run, scene, "en").endswith(
        t("lab.lesson_shorter", "en", first="", last="", steps=0)[-60:]
    )
    # XOR is not separable: the norms go to zero, and it says how many points are on the wrong side.
    xor = ((1.0, 1.0, 0), (-1.0, -1.0, 0), (1.0, -1.0, 1), (-1.0, 1.0, 1))
    scene = replace(Scene(), train_data="clicked", train_classes=2, train_points=xor)
    run = lab.advance(lab.start(scene), scene, 400)
    wrong = int(np.sum(run.predicted() != run.y))
    assert wrong == 2
    assert f"{wrong} of 4 points are not" in lab_readouts.lesson(run, scene, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_diverged_says_what_the_refused_step_would_have_done_and_what_made_it(lang):
    run = lab.start(Scene())
    assert lab_readouts.diverged(run, lang) is None
    # Past the bound, with weight decay's factor 1 - 5 * 1 = -4 below -1: the decay is named.
    past = Divergence(step=10, size=2426903.4, loss=np.nan, max_abs=1e6, lr=5.0, weight_decay=1.0)
    outcome = t("lab.diverged_past", lang, size="2.4269e+06", bound="1000000")
    why = t("lab.diverged_decay", lang, lr="5", wd="1", factor="−4.000")
    expected = t("lab.diverged", lang, step=9, next=10, outcome=outcome, why=why)
    assert lab_readouts.diverged(replace(run, stopped=past), lang) == expected
    if lang == "en":
        assert expected == (
            "Training stopped at step 9: step 10 would have taken a weight to 2.4269e+06, past ±1000000, "
            "the largest coordinate this app holds. Weight decay multiplies the weights by "
            "1 − lr·wd = 1 − 5 × 1 = −4.000 at every step, below −1: each step makes them larger in "
            "size, not smaller. Choose a lower learning rate or weight decay, with lr·wd below 2."
        )
    # An overflow with the factor 1 - 0.5 * 0 = 1: the rate, not the decay, took them too far.
    overflow = Divergence(step=1, size=np.inf, loss=np.nan, max_abs=1e6, lr=0.5, weight_decay=0.0)
    outcome = t("lab.diverged_overflow", lang)
    why = t("lab.diverged_rate", lang, lr="0.5")
    expected = t("lab.diverged", lang, step=0, next=1, outcome=outcome, why=why)
    assert lab_readouts.diverged(replace(run, stopped=overflow), lang) == expected
    # A loss that overflowed at weights within the bound is an overflow too; lr wd = 2 is factor -1,
    # which does not enlarge them.
    loss = Divergence(step=3, size=5.0, loss=np.inf, max_abs=1e6, lr=2.0, weight_decay=1.0)
    text = lab_readouts.diverged(replace(run, stopped=loss), lang)
    assert outcome in text and t("lab.diverged_rate", lang, lr="2") in text


# Two points, (1, 0) of class 1 and (-1, 0) of class 2. w1 = (1, 0), w2 = (-1, 0) put both on their
# side; swapped, both are on the wrong side. The norms after two steps are set by hand (one step's
# trend), the same for both weights, so the mean is that number.
RIGHT, SWAPPED = {"w1": [1.0, 0.0], "w2": [-1.0, 0.0]}, {"w1": [-1.0, 0.0], "w2": [1.0, 0.0]}
LESSONS = [
    # kind, weight decay, tips, mean norm after the first and the second step, the sentence's key
    ("softmax", 0.0, RIGHT, 1.0, 1.5, "lab.lesson_grow"),
    ("softmax", 0.0, RIGHT, 1.5, 1.0, "lab.lesson_shorter"),
    # 0.1270 -> 0.1271 reads 0.127 -> 0.127: it said "went from 0.127 to 0.127 ... lengthening the
    # weights, without bound" at 30 % accuracy (it took > 1.001x for growth).
    ("softmax", 0.0, RIGHT, 0.1270, 0.1271, "lab.lesson_still"),
    # 3.8752e+05 both (387520 -> 387519.9): it said the gradient shortened the weights.
    ("softmax", 0.0, RIGHT, 387520.0, 387519.9, "lab.lesson_still"),
    ("softmax", 0.0, SWAPPED, 1.0, 1.5, "lab.lesson_wrong_side"),
    ("softmax", 0.0, SWAPPED, 1.5, 1.0, "lab.lesson_wrong_side"),
    ("softmax", 0.0, SWAPPED, 0.1270, 0.1271, "lab.lesson_still_wrong_side"),
    ("lsoftmax", 0.0, SWAPPED, 0.1270, 0.1271, "lab.lesson_still_wrong_side"),
    ("softmax", 0.5, RIGHT, 1.5, 1.0, "lab.lesson_decay"),
    ("softmax", 0.5, SWAPPED, 1.0, 1.0001, "lab.lesson_decay_still"),
    ("arcface", 0.0, RIGHT, 1.0, 1.04, "lab.lesson_angles"),  # within BARELY (5 %)
    ("arcface", 0.0, RIGHT, 1.0, 1.2, "lab.lesson_angles_grow"),
    ("arcface", 0.5, RIGHT, 1.0, 0.8, "lab.lesson_angles_decay"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("kind", "decay", "tips", "first", "last", "key"), LESSONS)
def test_lesson_says_of_the_norms_what_the_two_numbers_shown_did(lang, kind, decay, tips, first, last, key):
    points = ((1.0, 0.0, 0), (-1.0, 0.0, 1))
    scene = replace(Scene(), train_data="clicked", train_classes=2, train_points=points, train_loss=kind)
    scene = replace(scene, train_decay=decay, train_lr=0.5)
    run = lab.with_points(lab.start(scene), tips)
    run = replace(run, losses=np.zeros(2), norms=np.array([[first, first], [last, last]]))
    wrong = int(np.sum(run.predicted() != run.y))
    assert wrong == (2 if tips is SWAPPED else 0)
    args = dict(
        first=fmt(first, lang),
        last=fmt(last, lang),
        steps=t("lab.one_step", lang),
        wrong=t("lab.wrong_many", lang, wrong=wrong, n=2),
        factor=fmt(0.75, lang),
    )
    args["flips"] = ""
    text = lab_readouts.lesson(run, scene, lang)
    assert text == t(key, lang, **args)
    # "Stayed at" exactly where the two numbers read the same; else both are named.
    if args["first"] == args["last"]:
        assert args["first"] in text and text.count(args["first"]) == 1
    else:
        assert args["first"] in text and args["last"] in text


def test_the_lesson_s_stayed_sentences_name_one_number_and_say_it_is_to_the_digits_shown():
    still = t("lab.lesson_still", "en", first="0.127", steps="3 steps")
    assert still == (
        "Mean ‖w_k‖ stayed at 0.127 over the last 3 steps, to the digits shown: this loss sees ‖w_k‖, "
        "and every point is on its side, but the steps changed the norms by less than the last digit shown."
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_weights_off_the_canvas_are_named(lang):
    # The canvas shows -4 to 4 on each axis (LAB_VIEW) and has no half-width to widen: a weight
    # trained to 2.5e5 ran off it with no word, where the explorer names such a handle.
    run = lab.start(Scene())
    assert lab_readouts.outside(lab.with_points(run, {"w1": [4.0, -4.0]}), lang) is None  # on the edge
    one = lab.with_points(run, {"w1": [4.0, -4.0], "w2": [0.0, 4.001]})
    assert lab_readouts.outside(one, lang) == t("lab.outside", lang, names="w2", view="4")
    two = lab.with_points(one, {"w3": [-250000.0, 0.0]})
    names = "w2 and w3" if lang == "en" else "w2 与 w3"
    assert lab_readouts.outside(two, lang) == t("lab.outside_many", lang, names=names, view="4")
    if lang == "en":
        assert lab_readouts.outside(one, lang) == (
            "w2 lies outside the canvas, which shows −4 to 4 on each axis: its arrow runs off the edge. "
            "“Reset training” brings back the starting weights."
        )
    # In 3D the chart reaches every weight.
    scene = replace(Scene(), train_dim=3)
    far = lab.with_points(lab.start(scene), {"w1": [9.0, 9.0, 9.0]})
    assert lab_readouts.outside(far, lang) is None


def test_feature_table_has_one_column_per_loss():
    scene = Scene()
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    table = lab_readouts.feature_table(runs, scene.feature_losses, "en")
    assert table.columns == ("Softmax", "ArcFace")
    accuracy = table.row("held-out accuracy")
    assert all(cell.endswith("%") for cell in accuracy)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_counts_one_point_on_the_wrong_side_in_the_singular(lang):
    # (0.5, 0) of class 2 lies on w1's side: "here 1 of 3 points are not" was said of it.
    points = ((1.0, 0.0, 0), (-1.0, 0.0, 1), (0.5, 0.0, 1))
    scene = replace(Scene(), train_data="clicked", train_classes=2, train_points=points)
    run = lab.with_points(lab.start(scene), RIGHT)
    run = replace(run, losses=np.zeros(2), norms=np.array([[1.0, 1.0], [1.5, 1.5]]))
    text = lab_readouts.lesson(run, scene, lang)
    assert t("lab.wrong_one", lang, n=3) in text
    if lang == "en":
        assert text.endswith("here 1 of 3 points is not.")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lesson_speaks_of_the_settings_its_steps_were_taken_with(lang):
    # Play at lr 5, wd 0.5 blew the norms up; two Undos put lr 0.5 and wd 0 back but not the run,
    # and the lesson blamed plain softmax ("lengthens the weights without bound only where ...")
    # for what the decay had done (a QA pass). It speaks of the latest steps taken at one setting.
    blown = replace(Scene(), train_lr=5.0, train_decay=0.5)
    run = lab.advance(lab.start(blown), blown, 6)
    undone = replace(blown, train_lr=0.5, train_decay=0.0)
    assert lab_readouts.lesson(run, undone, lang) == lab_readouts.lesson(run, blown, lang)
    assert fmt_prose(-1.5, lang) in lab_readouts.lesson(run, undone, lang)
    # Three steps at lr 0.1, wd 0.1 after five at lr 0.5, wd 0: of those three, at their factor.
    first = Scene()
    run = lab.advance(lab.start(first), first, 5)
    later = replace(first, train_lr=0.1, train_decay=0.1)
    run = lab.advance(run, later, 3)
    window = run.norms[-4:].mean(axis=1)
    args = dict(first=fmt(float(window[0]), lang), last=fmt(float(window[-1]), lang), flips="")
    said = t(
        "lab.lesson_decay", lang, steps=t("lab.n_steps", lang, n=3), factor=fmt_prose(0.99, lang), **args
    )
    assert lab_readouts.lesson(run, first, lang) == said
    # Undo of those steps takes their rates back with them.
    back = lab.rewound(run, lab.progress(lab.advance(lab.start(first), first, 5), records=False))
    assert (
        back.rates.shape == (6, 2) and np.isnan(back.rates[0]).all() and (back.rates[1:] == [0.5, 0.0]).all()
    )
