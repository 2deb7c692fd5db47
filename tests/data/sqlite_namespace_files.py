"""Main SQLite files and where their namespace project_1 goes (tests/test_sqlite_namespaces.py):
(folder, main file name, the namespace file beside it, what the case tries)."""

CASES = [
    ("plain", "app1.db", "app1.project_1.db", "the usual name"),
    ("it's a folder", "app.db", "app.project_1.db", "a quote and a space in the folder"),
    ("o'k", "it's mine.db", "it's mine.project_1.db", "a quote and a space in the file name"),
    ("v1.2", "app", "app.project_1.db", "no extension, a dot in the folder"),
    ("dots", "app.v2.sqlite3", "app.v2.project_1.db", "several dots: the stem ends at the last"),
    ("semi;colon", "a;b--c.db", "a;b--c.project_1.db", "a semicolon and a comment marker"),
]
