import re
import string
from pathlib import Path

from softmaxviz.strings import STRINGS, t

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
        if key.endswith(".formula"):
            continue  # LaTeX, never formatted: its braces are not placeholders
        for table in STRINGS.values():
            assert fields(table[key]) == fields(text), key


def test_t_formats_and_falls_back_to_english():
    assert t("handle.w", k=2) == "w2"
    assert t("handle.w", "xx", k=2) == "w2"


def test_every_loss_kind_and_parameter_has_its_texts():
    from softmaxviz.state import LOSS_PARAMS

    keys = set(STRINGS["en"])
    for kind, specs in LOSS_PARAMS.items():
        assert {f"kind.{kind}.{part}" for part in ("name", "paper", "formula", "intuition")} <= keys
        assert {f"param.{name}" for name in specs} <= keys


def test_every_page_has_its_files_and_texts():
    from softmaxviz.ui import PAGES

    for name, key, _, blurb in PAGES:
        assert (ROOT / "pages" / f"{name}.py").is_file()
        assert key in STRINGS["en"] and (blurb is None or blurb in STRINGS["en"])
    assert {p.stem for p in (ROOT / "pages").glob("*.py")} == {name for name, *_ in PAGES}
