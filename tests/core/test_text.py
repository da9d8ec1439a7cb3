"""Text folding: the question and the catalog must see the same words."""

from bot.core.text import compound_parts, fold, stem, words


def test_case_accents_and_typographic_quotes_fold_to_plain_words() -> None:
    assert words("KÉTAMINE “Dosé”") == words('ketamine "dose"') == ["ketamine", "dose"]
    assert words("What’s a K‐hole?") == words("what's a k-hole") == ["whats", "khole"]
    assert fold("Straße — naïve") == "strasse naive"
    assert words("ketamine—dose") == ["ketamine", "dose"]
    assert words("K‑hole") == ["khole"]  # non-breaking hyphen


def test_hyphenated_compound_is_one_word_and_its_parts_are_kept_aside() -> None:
    assert words("Micro-Dosing") == words("micro–dosing") == ["microdosing"]
    assert compound_parts("Micro-Dosing & K-holes") == ["micro", "dosing", "holes"]


def test_one_letter_words_say_nothing() -> None:
    assert words("R-, S- vs R/S- Ketamine") == ["vs", "ketamine"]


def test_forms_of_a_word_share_a_stem() -> None:
    assert stem("doses") == stem("dosing") == stem("dose")
