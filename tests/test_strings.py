import math
import pickle
import re
import string
from pathlib import Path

import pytest

from softmaxviz.strings import (
    LANGUAGES,
    PLOTLY_WORDS,
    STRINGS,
    Invalid,
    Problem,
    angle_labels,
    fmt,
    fmt_prose,
    literal,
    names_list,
    plain_number,
    plotly_locale,
    problem_of,
    t,
    tell,
    tell_all,
)

ROOT = Path(__file__).resolve().parent.parent
CODE = [*ROOT.glob("softmaxviz/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]


def test_every_language_has_every_key():
    keys = set(STRINGS["en"])
    for lang, table in STRINGS.items():
        assert set(table) == keys, f"{lang}: missing {keys - set(table)}, extra {set(table) - keys}"


def test_every_key_used_in_code_exists():
    used = set()
    for path in CODE:
        used |= set(re.findall(r"""\bt\(\s*f?["']([a-z_.{}]+)["']""", path.read_text()))
    literal = {k for k in used if "{" not in k}
    assert literal, "the pattern found no t() calls"
    assert literal <= set(STRINGS["en"]), literal - set(STRINGS["en"])
    # Keys built with an f-string (layer.{n}) exist for every layer.
    from softmaxviz.state import LAYERS

    assert {f"layer.{n}" for n in LAYERS} <= set(STRINGS["en"])


def test_placeholders_agree_across_languages():
    def fields(s):
        return {f for _, f, _, _ in string.Formatter().parse(s) if f}

    for key, text in STRINGS["en"].items():
        for table in STRINGS.values():
            assert fields(table[key]) == fields(text), key


def test_t_formats_and_falls_back_to_english():
    assert t("handle.w", k=2) == "w2"
    assert t("handle.w", "xx", k=2) == "w2"


def test_every_loss_kind_parameter_and_unit_has_its_prose():
    from softmaxviz.kinds import KINDS, UNITS

    keys = set(STRINGS["en"])
    for kind in KINDS.values():
        assert {f"kind.{kind.name}.{part}" for part in ("name", "intuition")} <= keys
        assert {f"param.{p.name}" for p in kind.params} <= keys
    assert {f"unit.{unit}" for unit in UNITS} <= keys


def test_translations_hold_no_latex_and_no_paper_ids():
    # Formulas and arXiv ids are not prose: they live in softmaxviz.kinds, once.
    for table in STRINGS.values():
        assert not [k for k in table if k.startswith("kind.") and k.endswith((".formula", ".paper"))]
        assert not [k for k, v in table.items() if "arXiv" in v or r"rac" in v]


def test_the_tour_writes_its_formulas_as_math():
    # The tour's steps (and the temperature's help) read "w_iᵀx = ‖w_i‖‖x‖cos θ_i" as typed: the
    # formulas are KaTeX now, and each renders (balanced $, and braces once formatted).
    keys = [f"tour.{step}.text" for step in ("linear", "dot", "norms", "softmax", "margins")]
    for lang in STRINGS:
        for key in [*keys, "controls.temperature_help"]:
            text = t(key, lang, T="0.5") if key.startswith("tour.") else t(key, lang)
            assert text.count("$") % 2 == 0 and "$" in text, (lang, key)
            prose = re.sub(r"\$[^$]+\$", "", text)
            assert not re.search(r"[A-Za-zθ]_|\^|\\", prose), (lang, key, prose)
            for formula in re.findall(r"\$([^$]+)\$", text):
                assert formula.count("{") == formula.count("}"), (lang, key, formula)


def test_every_page_has_its_files_and_texts():
    from softmaxviz.ui.nav import PAGES

    for name, key, _, blurb in PAGES:
        assert (ROOT / "pages" / f"{name}.py").is_file()
        assert key in STRINGS["en"] and (blurb is None or blurb in STRINGS["en"])
    assert {p.stem for p in (ROOT / "pages").glob("*.py")} == {name for name, *_ in PAGES}


def test_verbatim_is_a_code_span_whatever_the_text_holds():
    from softmaxviz.strings import verbatim

    assert verbatim("[a](https://x.y) $1$") == "`[a](https://x.y) $1$`"
    # A backtick inside needs a longer fence; one at an end, a space before the fence.
    assert verbatim("a`b") == "``a`b``"
    assert verbatim("`a``") == "``` `a`` ```"
    assert verbatim("two\nlines") == "`two lines`"
    assert verbatim("") == "" and verbatim(3) == "`3`"


def test_a_problem_is_its_english_sentence_and_says_itself_in_any_language():
    # "T: the temperature must be between 0.1 and 10, got 20": the link's key and the user's value
    # are shown letter for letter (code), the rest in the page's language.
    problem = Problem("between", what="temperature", lo="0.1", hi="10", got="20").at("T")
    assert problem == "T: the temperature must be between 0.1 and 10, got 20"
    assert tell(problem, "en") == "`T`: the temperature must be between 0.1 and 10, got `20`"
    assert tell(problem, "zh") == "`T`：温度必须在 0.1 到 10 之间，收到的是 `20`"
    assert pickle.loads(pickle.dumps(problem)).text("zh") == problem.text("zh")
    # A loss kind is said by its name; a message the core did not word is shown whole, as written.
    assert (
        Problem("zero_weight", k=2, kind="arcface")
        == "w2 is the zero vector: its angle is undefined (ArcFace needs it)"
    )
    assert tell("could not convert", "zh") == "`could not convert`"
    assert tell_all([problem, problem], "zh") == f"{tell(problem, 'zh')}；{tell(problem, 'zh')}"
    try:
        raise Invalid("repeated", got="m:0.5, m:0.6")
    except ValueError as exc:
        assert problem_of(exc).key == "repeated"
        assert str(exc) == "a parameter is given more than once: m:0.5, m:0.6"
    assert problem_of(ValueError("plain")) == "plain"


def test_every_problem_and_term_the_code_raises_is_in_the_table():
    source = "".join(path.read_text() for path in CODE)
    keys = set(re.findall(r"""\b(?:Invalid|Problem)\(\s*["']([a-z_]+)["']""", source))
    terms = set(re.findall(r"""\bwhat=["']([a-z_]+)["']""", source))
    # The term is the first word in quotes of a check's call: its value may itself be a call.
    call = r"""_(?:finite|one_of|boolean|whole|index)\((?:[^()]|\([^()]*\))*?["']([a-z_]+)["']"""
    terms |= set(re.findall(call, source))
    assert len(keys) > 25 and len(terms) > 30, "the patterns found too little"
    assert {f"problem.{k}" for k in keys} <= set(STRINGS["en"]), keys
    assert {f"what.{k}" for k in terms} <= set(STRINGS["en"]), {
        k for k in terms if f"what.{k}" not in STRINGS["en"]
    }


def test_plain_numbers_have_no_exponent_where_a_reader_expects_none():
    # A refusal said "between -1e+06 and 1e+06, got 1.08732e+06".
    cases = {1e6: "1000000", -1e6: "-1000000", 0.1: "0.1", 64.0: "64", 1087317.39: "1087320", -0.0: "0"}
    assert {v: plain_number(v) for v in cases} == cases
    assert plain_number(float("nan")) == "nan" and plain_number(1e300) == "1e+300"


def test_a_value_the_user_gave_is_said_with_every_digit():
    # "must be between -1000000 and 1000000, got 1000000" was said of 1000001.
    cases = {1000001.0: "1000001", 1732052.5: "1732052.5", 1e-5: "0.00001", 0.1: "0.1", -0.0: "0", 21.0: "21"}
    assert {v: plain_number(v, exact=True) for v in cases} == cases
    assert plain_number(1e300, exact=True) == "1e+300" and plain_number(-math.inf, exact=True) == "-inf"


def test_literal_escapes_what_streamlit_s_markdown_would_render():
    # A link's class names restyled the label buttons: bold, a red "r", a home icon, a formula.
    assert literal("**bold** :red[r]") == r"\*\*bold\*\* &#58;red\[r\]"
    assert literal(":material/home: a&b") == "&#58;material/home&#58; a&#38;b"
    assert literal("$x^2$ [c](http://e.co)") == r"\$x^2\$ \[c\]\(http&#58;//e\.co\)"
    assert literal("cat") == "cat"


def test_names_list_as_a_sentence_lists_them():
    assert [names_list(n, "en") for n in ([], ["w1"], ["w1", "w2"], ("w1", "w2", "w3"))] == [
        "",
        "w1",
        "w1 and w2",
        "w1, w2 and w3",
    ]
    assert names_list(["w1", "w2", "w3"], "zh") == "w1、w2 与 w3"


def test_fmt_apart_adds_digits_only_until_values_that_differ_read_apart():
    from softmaxviz.strings import fmt_apart

    assert fmt_apart([3.75, 2.25, -3.9], "en") == ["3.750", "2.250", "-3.900"]
    assert fmt_apart([1.0, 1.0004, 1.0004], "en") == ["1.0000", "1.0004", "1.0004"]  # a tie stays one
    # Values within their slacks may read the same (as the core ties them), others may not.
    assert fmt_apart([1.0, 1.0 + 5e-13], "en", slack=[1e-12, 1e-12]) == ["1.000", "1.000"]
    # Everyday sizes keep fixed decimals (18 characters in e-notation scrolled class 2 out of its
    # table); only the values that read alike take more digits.
    assert fmt_apart([1.0, 1.0 + 5e-13, -1.0], "en") == ["1.000000000000", "1.000000000001", "-1.000"]
    assert fmt_apart([1.0, 1.0 + 1e-11], "en") == ["1.00000000000", "1.00000000001"]
    assert fmt_apart([1.0, 1.0 + 2**-52], "en") == ["1.0000000000000000", "1.0000000000000002"]
    # Small values in significant digits, as fmt_factor writes a factor; huge ones in e-notation.
    assert fmt_apart([2.5e-11, 4e-12, -1.4e-11], "en") == ["2.50e-11", "4.00e-12", "-1.40e-11"]
    assert fmt_apart([1000003.75, 1000002.25, 0.0], "en") == ["1.000004e+06", "1.000002e+06", "0.000"]
    assert fmt_apart([float("nan"), 0.0], "en") == [t("undefined", "en"), "0.000"]
    # Fixed decimals only (probabilities): 2e-9 reads 0.0000 as p did, not 2.000e-09.
    p = fmt_apart([2e-9, 0.5, 0.5 + 1e-9], "en", 4, significant=False)
    assert p == ["0.0000", "0.500000000", "0.500000001"]
    # Only the pairs asked for must read apart (the ticked class against the others).
    p = fmt_apart([0.5, 0.5 + 1e-9, 0.25, 0.25 + 1e-9], "en", 4, pairs=lambda i, j: 0 in (i, j))
    assert p == ["0.500000000", "0.500000001", "0.2500", "0.2500"]


def test_every_call_of_t_gives_every_field_its_string_has_in_every_language():
    # The angle-space chart named its sample with the curves chart's string and no numbers:
    # "this sample: {z} ÷ {scale} = {z} ÷ {S}" on screen. A template the browser fills in, or a
    # string with braces of its own, is read with strings.template instead.
    import ast
    import string
    from pathlib import Path

    from softmaxviz.strings import STRINGS

    root = Path(__file__).resolve().parent.parent
    files = [*(root / "softmaxviz").rglob("*.py"), *(root / "pages").glob("*.py"), root / "app.py"]
    missing, calls = [], 0
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            if not (isinstance(node, ast.Call) and getattr(name, "id", getattr(name, "attr", None)) == "t"):
                continue
            key = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
            given = {k.arg for k in node.keywords}
            # A key made at run time (f"kind.{name}.name") or **args: that call's own test covers it.
            if not isinstance(key, str) or None in given:
                continue
            calls += 1
            for lang, table in STRINGS.items():
                fields = {f for _, f, _, _ in string.Formatter().parse(table.get(key, "")) if f}
                if fields - given:
                    where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                    missing.append((where, key, lang, sorted(fields - given)))
    assert calls > 200 and not missing, missing


def test_angle_labels_read_in_degrees_apart_where_they_differ():
    labels = angle_labels([math.pi / 4, math.pi / 2, math.nan], [1e-15] * 3, "en")
    assert labels == ["θ1 = 45.0°", "θ2 = 90.0°", ""]
    # Apart by 0.006°: one decimal more would not do (45.00 | 45.00 rounds 44.997 up), three do.
    near = [math.radians(45.003), math.radians(44.997)]
    assert angle_labels(near, [1e-15] * 2, "zh") == ["θ1 = 45.003°", "θ2 = 44.997°"]
    # Within their slack they may be equal, and read alike.
    assert angle_labels(near, [1e-3] * 2, "en") == ["θ1 = 45.0°", "θ2 = 45.0°"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fmt_prose_writes_a_negative_with_the_minus_sign_sentences_use(lang):
    assert fmt_prose(-4.0, lang) == "−4.000"
    assert fmt_prose(-2.5e6, lang) == "−2.5000e+06"
    assert fmt_prose(-1.5e-7, lang, 2) == "0.00"  # no sign on what reads as zero, as fmt
    assert fmt_prose(-1e-9, lang) == "0.000"
    assert fmt_prose(float("nan"), lang) == fmt(float("nan"), lang)


def test_plotly_s_words_are_its_own_in_english_and_the_page_s_in_every_other_language():
    # The dictionary's keys are Plotly.js's English as its bundle writes them: a word it does not
    # have (or writes otherwise) would stay English in 中文 without a sign.
    import streamlit

    bundles = Path(streamlit.__file__).parent.glob("static/static/js/PlotlyChart*.js")
    bundle = "".join(path.read_text(encoding="utf-8") for path in bundles)
    assert bundle, "Streamlit's Plotly.js bundle was not found"
    # Quoted as a string, whichever quotes the minifier chose (backticks in Streamlit 1.67).
    missing = [e for e in PLOTLY_WORDS if not any(f"{q}{e}{q}" in bundle for q in "`'\"")]
    assert not missing
    assert plotly_locale("en") == {}  # Plotly.js's own words
    for english, key in PLOTLY_WORDS.items():
        assert t(key, "en") == english
    for lang in set(LANGUAGES) - {"en"}:
        config = plotly_locale(lang)
        assert config["locale"] == lang
        words = config["locales"][lang]["dictionary"]
        assert words.keys() == PLOTLY_WORDS.keys()
        assert all(words[english] not in ("", english) for english in PLOTLY_WORDS), words
