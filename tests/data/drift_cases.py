"""Drift cases: one alteration of a live database each, and the one line `drift` prints for it.

Every case starts from `lab(ns)` applied to a fresh database, alters it with
the engine's own SQL, and expects `drift_lines(diff(model, live))` to be
exactly `line` (or, where an engine spells a name its own way, `lines[engine]`).
A variant engine (``mariadb``) without SQL or a line of its own runs its parent's (``mysql``).
`{ns}` in SQL and lines is the test's namespace (unique per test: on MySQL a
namespace is a database of the whole server).

SQL per engine is a list of statements, or for SQLite, whose ALTER TABLE cannot
change a column, ``Rebuild(table, old, new)``: the table rebuilt the documented
way (https://www.sqlite.org/lang_altertable.html#otheralter) from its CREATE
text with `old` replaced by `new`, its indexes and triggers created again.
"""
from __future__ import annotations

from typing import NamedTuple, Optional, Union

from schemakit import dialects
from schemakit.schema.build import check, col, fk, index, state_machine, table, unique
from schemakit.schema.model import DATE, INTEGER, TEXT, Action, Enum, Schema, enum_type, lit, varchar

STATUS = Enum("author_status", ("new", "active"))


def lab(ns: str) -> Schema:
    """author (identity, unique name, check, enum, index, state machine), book -> author, {ns}.shelf; comments on
    the unique key, the check, the foreign key and book's primary key (held where the engine holds them)."""
    return Schema((
        table("author", col("id", INTEGER, identity=True), col("name", varchar(50), null=False),
              col("born", DATE), col("rating", INTEGER, default=lit(0)), col("bio", TEXT),
              col("status", enum_type(STATUS), null=False, default=lit("new")),
              unique("name", comment="one name each"),
              check("author_rating_check", "rating >= 0", comment="never negative"), index("ix_author_born", "born"),
              state_machine("author_flow", "status", [("new", "active")]), pk="id", comment="writers"),
        table("book", col("id", INTEGER, identity=True), col("author_id", INTEGER, null=False),
              col("title", TEXT, null=False), fk("author_id", "author", on_delete=Action.CASCADE, comment="written by"),
              pk="id", pk_comment="the book number"),
        table("shelf", col("id", INTEGER, null=False), col("label", varchar(20)), pk="id", namespace=ns),
    ))


class Rebuild(NamedTuple):
    """SQLite: rebuild `table` from its CREATE text with `old` replaced by `new`."""

    table: str
    old: str
    new: str


Sql = Union[list, Rebuild]


class Case(NamedTuple):
    """One alteration and the drift line it must produce."""

    id: str
    sql: dict  # engine -> statements (or Rebuild); an engine left out does not run the case
    line: Optional[str] = None  # the line on every engine ...
    lines: dict = {}  # ... unless given here for an engine


ALL = tuple(dialects.names())


def same(*statements: str) -> dict:
    """The same statements on every engine."""
    return {e: list(statements) for e in ALL}


CASES = [
    Case("extra table",
         {"sqlite": ["CREATE TABLE legacy (a INT) STRICT"], "postgres": ["CREATE TABLE legacy (a integer)"],
          "mysql": ["CREATE TABLE legacy (a int)"]},
         "extra table legacy"),
    Case("missing table", same("DROP TABLE book"), "missing table book"),
    Case("missing table in a namespace", same("DROP TABLE {ns}.shelf"), "missing table {ns}.shelf"),
    # MySQL's TEXT is narrower than the model's text (LONGTEXT there): read as MySQL spells it
    Case("extra column", same("ALTER TABLE book ADD COLUMN note TEXT"), "extra column book.note (text)",
         {"mysql": "extra column book.note (mysql text)"}),
    Case("extra column in a namespace", same("ALTER TABLE {ns}.shelf ADD COLUMN note TEXT"),
         "extra column {ns}.shelf.note (text)", {"mysql": "extra column {ns}.shelf.note (mysql text)"}),
    Case("missing column", same("ALTER TABLE author DROP COLUMN bio"), "missing column author.bio (text)"),
    Case("column type integer to bigint",
         {"sqlite": Rebuild("author", '"rating" INT DEFAULT 0 CONSTRAINT "sk_type:rating:integer" '
                                      'CHECK ("rating" BETWEEN -2147483648 AND 2147483647)', '"rating" INT DEFAULT 0'),
          "postgres": ["ALTER TABLE author ALTER COLUMN rating TYPE bigint"],
          "mysql": ["ALTER TABLE author MODIFY rating bigint DEFAULT 0"]},
         "column author.rating is bigint, the schema says integer"),
    # The case: STRICT kept, the type CHECK kept, another storage class.
    Case("column type integer to real under the same type check",
         {"sqlite": Rebuild("author", '"rating" INT DEFAULT 0', '"rating" REAL DEFAULT 0')},
         "column author.rating is real, the schema says integer",
         lines={"sqlite": "column author.rating is double, the schema says integer"}),  # REAL: 8 bytes
    Case("column type integer to real without the type check",
         {"sqlite": Rebuild("author", '"rating" INT DEFAULT 0 CONSTRAINT "sk_type:rating:integer" '
                                      'CHECK ("rating" BETWEEN -2147483648 AND 2147483647)', '"rating" REAL DEFAULT 0'),
          "postgres": ["ALTER TABLE author ALTER COLUMN rating TYPE real"],
          "mysql": ["ALTER TABLE author MODIFY rating float DEFAULT 0"]},
         "column author.rating is real, the schema says integer",
         lines={"sqlite": "column author.rating is double, the schema says integer"}),  # REAL: 8 bytes
    Case("column type text to integer",
         {"sqlite": Rebuild("book", '"title" TEXT NOT NULL', '"title" INT NOT NULL'),
          "postgres": ["ALTER TABLE book ALTER COLUMN title TYPE bigint USING length(title)"],
          "mysql": ["ALTER TABLE book MODIFY title bigint NOT NULL"]},
         "column book.title is bigint, the schema says text"),
    Case("column type varchar to text",
         {"sqlite": Rebuild("{ns}.shelf", '"label" TEXT CONSTRAINT "sk_type:label:varchar(20)" '
                                          'CHECK (length(rtrim("label", \' \')) <= 20)', '"label" TEXT'),
          "postgres": ["ALTER TABLE {ns}.shelf ALTER COLUMN label TYPE text"],
          "mysql": ["ALTER TABLE {ns}.shelf MODIFY label longtext"]},
         "column {ns}.shelf.label is text, the schema says varchar(20)"),
    # The type CHECK's name kept, its body changed: the name no longer tells the truth.
    Case("type check body changed under the same name",
         {"sqlite": Rebuild("{ns}.shelf", '<= 20)', '<= 10)')},
         "column {ns}.shelf.label is text, the schema says varchar(20)"),
    Case("nullable where the schema says NOT NULL",
         {"sqlite": Rebuild("book", '"title" TEXT NOT NULL', '"title" TEXT'),
          "postgres": ["ALTER TABLE book ALTER COLUMN title DROP NOT NULL"],
          "mysql": ["ALTER TABLE book MODIFY title longtext NULL"]},
         "column book.title is nullable, the schema says NOT NULL"),
    Case("NOT NULL where the schema says nullable",
         {"sqlite": Rebuild("author", '"bio" TEXT', '"bio" TEXT NOT NULL'),
          "postgres": ["ALTER TABLE author ALTER COLUMN bio SET NOT NULL"],
          "mysql": ["ALTER TABLE author MODIFY bio longtext NOT NULL"]},
         "column author.bio is NOT NULL, the schema says nullable"),
    Case("another default",
         {"sqlite": Rebuild("author", '"rating" INT DEFAULT 0', '"rating" INT DEFAULT 5'),
          "postgres": ["ALTER TABLE author ALTER COLUMN rating SET DEFAULT 5"],
          "mysql": ["ALTER TABLE author ALTER COLUMN rating SET DEFAULT 5"]},
         "column author.rating has default 5, the schema says default 0"),
    Case("no default",
         {"sqlite": Rebuild("author", '"rating" INT DEFAULT 0', '"rating" INT'),
          "postgres": ["ALTER TABLE author ALTER COLUMN rating DROP DEFAULT"],
          "mysql": ["ALTER TABLE author ALTER COLUMN rating DROP DEFAULT"]},
         "column author.rating has no default, the schema says default 0"),
    Case("not an identity",
         {"sqlite": Rebuild("book", '"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT', '"id" INT NOT NULL PRIMARY KEY'),
          "postgres": ["ALTER TABLE book ALTER COLUMN id DROP IDENTITY"],
          "mysql": ["ALTER TABLE book MODIFY id int NOT NULL"]},
         "column book.id is not an identity, the schema says it is"),
    Case("extra index",
         same("CREATE INDEX extra_idx ON author (rating)"), "extra index extra_idx on author (rating)"),
    Case("missing index",
         {"sqlite": ["DROP INDEX ix_author_born"], "postgres": ["DROP INDEX ix_author_born"],
          "mysql": ["DROP INDEX ix_author_born ON author"]},
         "missing index ix_author_born on author (born)"),
    Case("index redefined",
         {"sqlite": ["DROP INDEX ix_author_born", "CREATE INDEX ix_author_born ON author (born DESC)"],
          "postgres": ["DROP INDEX ix_author_born", "CREATE INDEX ix_author_born ON author (born DESC)"],
          "mysql": ["DROP INDEX ix_author_born ON author", "CREATE INDEX ix_author_born ON author (born DESC)"]},
         "index ix_author_born on author is (born desc), the schema says (born)"),
    Case("missing unique",
         {"sqlite": Rebuild("author", ',\n  CONSTRAINT "author_name_key" UNIQUE ("name")', ''),
          "postgres": ["ALTER TABLE author DROP CONSTRAINT author_name_key"],
          "mysql": ["ALTER TABLE author DROP INDEX author_name_key"]},
         "missing unique author_name_key on author (name)"),
    Case("missing check",
         {"sqlite": Rebuild("author", ',\n  CONSTRAINT "author_rating_check" CHECK ("rating" >= 0)', ''),
          "postgres": ["ALTER TABLE author DROP CONSTRAINT author_rating_check"],
          "mysql": ["ALTER TABLE author DROP CONSTRAINT author_rating_check"]},
         "missing check author_rating_check on author (rating >= 0)"),
    Case("missing foreign key",
         {"sqlite": Rebuild("book", ',\n  CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES '
                                    '"author" ("id") ON DELETE CASCADE', ''),
          "postgres": ["ALTER TABLE book DROP CONSTRAINT book_author_id_fkey"],
          # InnoDB keeps the index it made for the key (an extra index, truly): dropped too.
          "mysql": ["ALTER TABLE book DROP FOREIGN KEY book_author_id_fkey", "ALTER TABLE book DROP INDEX book_author_id_fkey"]},
         "missing foreign key book_author_id_fkey on book (author_id) references author (id) on delete cascade"),
    Case("foreign key redefined",
         {"sqlite": Rebuild("book", ' ON DELETE CASCADE', ' ON DELETE RESTRICT'),
          "postgres": ["ALTER TABLE book DROP CONSTRAINT book_author_id_fkey",
                       "ALTER TABLE book ADD CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id) "
                       "ON DELETE RESTRICT"],
          "mysql": ["ALTER TABLE book DROP FOREIGN KEY book_author_id_fkey",
                    "ALTER TABLE book ADD CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id) "
                    "ON DELETE RESTRICT"]},
         "foreign key book_author_id_fkey on book is (author_id) references author (id) on delete restrict, "
         "the schema says (author_id) references author (id) on delete cascade"),
    Case("extra enum value",
         {"sqlite": Rebuild("author", "IN ('new', 'active')", "IN ('new', 'active', 'gone')"),
          "postgres": ["ALTER TYPE author_status ADD VALUE 'gone'"],
          "mysql": ["ALTER TABLE author MODIFY status enum('new','active','gone') NOT NULL DEFAULT 'new'"]},
         "enum author_status has the extra value 'gone'",
         {"mysql": "enum author.status has the extra value 'gone'"}),
    Case("missing state machine",
         {"sqlite": ['DROP TRIGGER "sk_state_machine:author_flow"'],
          "postgres": ["DROP TRIGGER sk_author_flow_sm ON author"],
          "mysql": ["DROP TRIGGER sk_author_author_flow"]},
         "missing state machine author_flow on author.status allowing new -> active"),
    # A table's collation is read (its columns in the same one are the table's); on mariadb, a database the
    # mysql dialect made (utf8mb4_bin) reads as tables in utf8mb4_bin.
    Case("collation of a table",
         {"mysql": ["ALTER TABLE {ns}.shelf CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"],
          "mariadb": ["ALTER TABLE {ns}.shelf CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"]},
         lines={"mysql": "table {ns}.shelf has collation utf8mb4_general_ci (mysql), default charset, strict typing, "
                         "the schema says the default collation, default charset, strict typing",
                "mariadb": "table {ns}.shelf has collation utf8mb4_bin (mysql), default charset, strict typing, "
                           "the schema says the default collation, default charset, strict typing"}),
    Case("collation of a column",
         {"mysql": ["ALTER TABLE author MODIFY bio longtext COLLATE utf8mb4_general_ci"]},
         "column author.bio has collation utf8mb4_general_ci (mysql), the schema says the default collation"),
    Case("table comment",
         {"sqlite": Rebuild("author", "-- writers", "-- other"),
          "postgres": ["COMMENT ON TABLE author IS 'other'"],
          "mysql": ["ALTER TABLE author COMMENT = 'other'"]},
         "table author has comment 'other', the schema says comment 'writers'"),
    # a constraint's comment (issue #15): PostgreSQL comments on any constraint, MySQL/MariaDB on a UNIQUE key only,
    # changed there by rebuilding the key (https://mariadb.com/kb/en/alter-table/)
    Case("constraint comment",
         {"postgres": ["COMMENT ON CONSTRAINT author_rating_check ON author IS 'it''s \\ other'"],
          "mysql": ["ALTER TABLE author DROP INDEX author_name_key, "
                    "ADD CONSTRAINT author_name_key UNIQUE KEY author_name_key (name) COMMENT 'it''s \\\\ other'"]},
         lines={"postgres": "check author_rating_check on author has comment 'it''s \\ other', "
                            "the schema says comment 'never negative'",
                "mysql": "unique author_name_key on author has comment 'it''s \\ other', "
                         "the schema says comment 'one name each'"}),
    Case("primary key comment", {"postgres": ["COMMENT ON CONSTRAINT book_pkey ON book IS NULL"]},
         "primary key on book has no comment, the schema says comment 'the book number'"),
    Case("foreign key comment", {"postgres": ["COMMENT ON CONSTRAINT book_author_id_fkey ON book IS 'by'"]},
         "foreign key book_author_id_fkey on book has comment 'by', the schema says comment 'written by'"),
]


# A column of a type the model cannot hold, added by hand to a table schemakit owns (cyoa's
# story_nodes): `drift` lists it, with its skip code, and exits 1 (it once crashed with exit 3).
FOREIGN_COLUMN = {
    # (a domain is read as its base type with its CHECKs: SKIP-DOMAIN; a composite type is not read at all)
    "postgres": ("CREATE TYPE x_pair AS (a integer, b integer); ALTER TABLE story_nodes ADD COLUMN x_n x_pair",
                 "SKIP-TYPE", "story_nodes.x_n"),
    # MySQL: none; a type the model has no kind for is held as MySQL's own (native, origin mysql).
}


# Objects beside the tables that the model does not hold, created by hand on a migrated cyoa (names
# crafted to break quoting), and the line drift gives each: every one is listed by kind and name,
# so drift is never clean while they are there. SQLite has no functions.
UNMANAGED = {
    "postgres": (['CREATE VIEW "v\'1" AS SELECT id FROM story_nodes',
                  'CREATE FUNCTION "f""n"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$',
                  'CREATE TRIGGER "audit`x" BEFORE INSERT ON story_nodes FOR EACH ROW EXECUTE FUNCTION "f""n"()',
                  # another schema of the database, with a table of its own, and an empty one: neither is read
                  'CREATE SCHEMA "o\'ther"', 'CREATE TABLE "o\'ther".t (a int)', 'CREATE SCHEMA "blank"'],
                 ["not managed by schemakit: namespace blank", "not managed by schemakit: namespace o'ther",
                  'not managed by schemakit: function f"n()', "not managed by schemakit: trigger story_nodes.audit`x",
                  "not managed by schemakit: view v'1"]),
    "mysql": (["CREATE VIEW `v'1` AS SELECT id FROM story_nodes",
               'CREATE FUNCTION `f"n`() RETURNS int DETERMINISTIC RETURN 1',
               "CREATE TRIGGER `audit``x` BEFORE INSERT ON story_nodes FOR EACH ROW SET @sk_seen = 1",
               "CREATE EVENT `ev'x` ON SCHEDULE EVERY 1 DAY DISABLE DO SET @sk_seen = 1"],
              ["not managed by schemakit: event ev'x", 'not managed by schemakit: function f"n',
               "not managed by schemakit: trigger story_nodes.audit`x",
               "not managed by schemakit: view v'1"]),
    "sqlite": (["CREATE VIEW \"v'1\" AS SELECT id FROM story_nodes",
                'CREATE TRIGGER "audit`x" AFTER INSERT ON story_nodes BEGIN SELECT 1; END'],
               ["not managed by schemakit: trigger story_nodes.audit`x", "not managed by schemakit: view v'1"]),
}
# The project file's ignore rules that accept all of them, and one that accepts only the view.
UNMANAGED_IGNORED = ["view", "function:f*", "trigger:audit*", "event:ev*", "namespace:o'*", "namespace:blank"]
UNMANAGED_VIEW_ONLY = ["view:v'*"]
