"""The one palette and what is drawn with it alone (the app's icon)."""

from softmaxviz.palette import CLASS_COLORS, favicon


def test_the_app_s_icon_is_local_and_drawn_in_the_class_colours():
    icon = favicon()
    assert icon.startswith("data:image/svg+xml,<svg") and "http" not in icon.replace("http://www.w3.org", "")
    assert all(color.replace("#", "%23") in icon for color in CLASS_COLORS)
