"""The scan summary's file types: a name's extension, or "–" when it has none worth the name."""

from migration.scan.summary import Summary


def _types(names):
    summary = Summary()
    summary.add_files("Docs", names, [10] * len(names), parent="Docs")
    return {extension: counts[0] for extension, counts in summary.by_type.items()}


def test_one_type_folder_and_mixed_folder_count_the_same_way():
    assert _types(["a.PDF", "b.pdf"]) == {".pdf": 2}
    assert _types(["a.pdf", "b.docx", "Makefile"]) == {".pdf": 1, ".docx": 1, "–": 1}


def test_a_trailing_dot_or_a_leading_dot_is_no_extension():
    assert _types(["Att göra.", "Rapport.docx", ".bashrc"]) == {"–": 2, ".docx": 1}
    assert _types(["Att göra.", "Anteckningar."]) == {"–": 2}
