"""The name rules: deterministic, each renaming recorded by code."""

import unicodedata

from migration.scan import naming


def test_ignored_names_and_office_lock_files_are_skipped_whatever_the_case():
    assert naming.skip_reason("THUMBS.DB") == naming.IGNORED_NAME
    assert naming.skip_reason("Desktop.ini") == naming.IGNORED_NAME
    assert naming.skip_reason("Icon\r") == naming.IGNORED_NAME
    assert naming.skip_reason(".dropbox.cache") == naming.IGNORED_NAME
    assert naming.skip_reason("~$Offert.docx") == naming.OFFICE_LOCK_FILE
    assert naming.skip_reason("Icon") is None
    assert naming.skip_reason("dropbox.txt") is None


def test_forbidden_and_control_characters_become_underscores():
    assert naming.clean_component(b'a<b>:"|?*\\c.txt', is_folder=False) == (
        "a_b_______c.txt",
        [naming.INVALID_CHARACTER],
    )
    assert naming.clean_component(b"tab\there\x7f.txt", is_folder=False) == (
        "tab_here_.txt",
        [naming.CONTROL_CHARACTER],
    )


def test_trailing_dots_and_spaces_are_stripped():
    assert naming.clean_component(b"Budget. . ", is_folder=True) == ("Budget", [naming.TRAILING_DOT_OR_SPACE])
    assert naming.clean_component(b"...", is_folder=True) == ("_", [naming.TRAILING_DOT_OR_SPACE])


def test_invalid_utf8_is_decoded_with_a_replacement_character():
    name, codes = naming.clean_component(b"r\xe4kning.xls", is_folder=False)
    assert name == "r\ufffdkning.xls"
    assert codes == [naming.INVALID_UTF8]
    assert naming.display_name(b"r\xe4kning.xls") == "r\\xe4kning.xls"


def test_long_names_are_shortened_in_utf16_units_keeping_the_extension():
    long_name = ("å" * 300 + ".pdf").encode()
    name, codes = naming.clean_component(long_name, is_folder=False)
    assert codes == [naming.NAME_TOO_LONG]
    assert name.endswith(".pdf")
    assert naming.utf16_length(name) <= 255
    other, _ = naming.clean_component(("å" * 299 + "b.pdf").encode(), is_folder=False)
    assert other != name  # a hash of the original keeps two long names apart
    emoji = ("😀" * 130).encode()  # 130 characters but 260 UTF-16 units, as Dropbox counts
    shortened, codes = naming.clean_component(emoji, is_folder=True)
    assert codes == [naming.NAME_TOO_LONG] and naming.utf16_length(shortened) <= 255


def test_case_collisions_get_a_numbered_suffix_whatever_the_listing_order():
    names = [(b"report.docx", False), (b"Report.docx", False), (b"REPORT.docx", False)]
    first = naming.plan_folder(names)
    second = naming.plan_folder(list(reversed(names)))
    assert {raw: plan.target for raw, plan in first.items()} == {
        raw: plan.target for raw, plan in second.items()
    }
    assert sorted(plan.target for plan in first.values()) == [
        "REPORT.docx",
        "Report (2).docx",
        "report (3).docx",
    ]
    assert first[b"report.docx"].codes == [naming.CASE_COLLISION]


def test_nfc_and_nfd_twins_are_numbered_as_unicode_twins():
    nfc = unicodedata.normalize("NFC", "Öresund.txt").encode()
    nfd = unicodedata.normalize("NFD", "Öresund.txt").encode()
    plans = naming.plan_folder([(nfc, False), (nfd, False)])
    later = max(nfc, nfd)
    assert plans[later].codes == [naming.UNICODE_TWIN]
    assert plans[later].target.endswith(" (2).txt")


def test_names_a_previous_scan_placed_keep_their_target():
    plans = naming.plan_folder(
        [(b"a.txt", False), (b"A.txt", False)],
        kept={b"a.txt": "a.txt"},
    )
    assert plans[b"a.txt"].target == "a.txt"
    assert plans[b"A.txt"].target == "A (2).txt"


def test_a_cleaned_name_that_meets_another_is_numbered_too():
    plans = naming.plan_folder([(b"a?b.txt", False), (b"a_b.txt", False)])
    assert sorted(plan.target for plan in plans.values()) == ["a_b (2).txt", "a_b.txt"]


def test_paths_over_260_characters_are_flagged():
    assert naming.path_too_long("/" + "x" * 260)
    assert not naming.path_too_long("/" + "x" * 258)
