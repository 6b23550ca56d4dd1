from softmaxviz.strings import STRINGS, t
from softmaxviz.ui.layout import uploader_css


def test_the_uploader_s_words_come_from_the_string_table_in_every_language():
    # Streamlit wrote "Upload" and "1MB per file" in English under 中文.
    for lang in STRINGS:
        css = uploader_css(lang, 3)
        assert f'content:"{t("upload.button", lang)}"' in css
        assert f'content:"{t("upload.limit", lang, mb=3)}"' in css
    assert 'content:"上传"' in uploader_css("zh", 1) and 'content:"文件不超过 1 MB"' in uploader_css("zh", 1)
    assert "font-size:1.1rem" in uploader_css("zh", 1, present=True)
