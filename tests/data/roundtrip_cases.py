"""A schema for the model-level round trip (tests/test_roundtrip.py) that makes every engine's lowering
change what the catalog does not make it change: between them, every degradation code whose category
changes the schema is produced on some engine.

`LOWERINGS` holds, per table, the features each engine lowers; `CODES` are the schema-changing codes
each engine must list for it (the test asserts them exactly, so a code that stops firing is seen).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from schemakit.schema.build import (
    check, col, composite, declared, domain, exclude, expr, fk, generated, index, table, unique,
)
from schemakit.schema.code import Extension, Routine, Sequence, Trigger
from schemakit.schema.policies import Grant, Policy
from schemakit.schema.views import view
from schemakit.schema.model import (
    BIGINT, DATE, INTEGER, INTERVAL, JSONB, SMALLINT, TEXT, TIMESTAMPTZ, TINYINT, Action, Collation, Enum, IndexMethod,
    Partitioning, Schema, array, default_sql, domain_type, enum_type, lit, native, spelled, timestamptz, varchar, PartitionMethod,
    PartitionSpec,
)

MOOD = Enum("lowering_mood", ("calm", "angry"))
POSITIVE = domain("lowering_positive", INTEGER, check("lowering_positive_check", "VALUE > 0"), null=False,
                  default=lit(1))

LOWERINGS = Schema((
    # column types, and indexes over them
    table("typed",
          col("id", INTEGER),
          col("at", TIMESTAMPTZ),
          col("doc", JSONB),
          col("meta", JSONB),
          col("tags", array(TEXT), default=lit("{}")),
          col("small_items", array(TINYINT)),  # an item type PostgreSQL holds through a storage CHECK
          col("mood", enum_type(MOOD)),
          col("other_mood", enum_type(MOOD)),
          unique("doc", name="typed_doc_key"),
          index("typed_meta_idx", "meta"),
          index("typed_tags_gin", "tags", method=IndexMethod.GIN),
          pk="id"),
    # text keys, prefixes, expressions, partial indexes
    table("texted",
          col("k", TEXT),
          col("body", TEXT),
          col("label", TEXT),
          col("code", varchar(10)),
          col("n", INTEGER),
          unique("label", name="texted_label_key"),
          index("texted_body_idx", "body"),
          index("texted_n_idx", "n(4)"),
          index("texted_code_key", "code(3)", unique=True),
          index("texted_code_full", "code(10)"),  # a prefix as long as the column
          index("texted_lower_idx", expr("lower(code)")),
          index("texted_open_idx", "n", where="n > 0"),
          pk="k"),
    # partitions, and foreign keys to them or with an action InnoDB refuses
    table("parted",
          col("id", BIGINT, null=False),
          col("day", DATE, null=False),
          col("typed_id", INTEGER),
          fk("typed_id", "typed", name="parted_typed_fkey"),
          pk=("id", "day"),
          partition=Partitioning("day", date(2026, 1, 1), 2)),
    table("referring",
          col("id", INTEGER),
          col("typed_id", INTEGER, default=lit(1)),
          fk("typed_id", "typed", on_delete=Action.SET_DEFAULT, on_update=Action.RESTRICT,
             name="referring_typed_fkey"),
          pk="id"),
    # a foreign key to another namespace
    table("owner", col("id", INTEGER), pk="id", namespace="lowering_a"),
    table("owned", col("id", INTEGER), col("owner_id", INTEGER),
          fk("owner_id", "owner", ref_namespace="lowering_a", name="owned_owner_fkey"),
          pk="id", namespace="lowering_b"),
    # MySQL's narrower types, kept there and the model type elsewhere
    table("narrow", col("id", INTEGER), col("at", spelled(timestamptz(0), "timestamp", "mysql")),
          col("body", spelled(TEXT, "text", "mysql")), pk="id"),
    # a domain (PostgreSQL creates it; the others hold its rules on the column)
    table("domained", col("id", INTEGER), col("n", domain_type(POSITIVE)), pk="id"),
    # an exclusion constraint (PostgreSQL's alone)
    table("booked", col("id", INTEGER), col("room", INTEGER), col("slot", INTEGER),
          exclude("booked_room_slot", ("room", "="), ("slot", "=")), pk="id"),
), (
    # a materialized view with a comment (PostgreSQL's alone), and a view each engine leaves out
    view("lowering_totals", "SELECT count(*) AS n FROM typed", materialized=True, comment="rows of typed"),
    view("lowering_absent", "SELECT id FROM typed", absent=("postgres", "mysql", "sqlite")),
), (  # types declared by themselves (PostgreSQL creates them; the others have no named types)
    declared(Enum("lowering_feeling", ("low", "high"))), declared(composite("lowering_pair", ("a", INTEGER), ("b", TEXT))),
))

# engine -> the (code, table, subject) of every schema-changing degradation lower(LOWERINGS) lists.
CODES = {
    "postgres": {
        ("PG-SPELLED", "narrow", "at"),
        ("PG-SPELLED", "narrow", "body"),
        ("PG-PREFIX", "texted", "texted_n_idx"),
        ("PG-PREFIX", "texted", "texted_code_key"),
        ("PG-PREFIX", "texted", "texted_code_full"),
        ("PG-ARRAY-ITEM", "typed", "small_items"),
        ("PG-VIEWABSENT", "lowering_absent", "(view)"),
    },
    "mysql": {
        ("MY-TYPE", "*", "lowering_feeling"),
        ("MY-TYPE", "*", "lowering_pair"),
        ("MY-DOMAIN", "domained", "n"),
        ("MY-EXCLUDE", "booked", "booked_room_slot"),
        ("MY-TZ", "typed", "at"),
        ("MY-JSONB", "typed", "doc"),
        ("MY-JSONB", "typed", "meta"),
        ("MY-ARRAY", "typed", "tags"),
        ("MY-ARRAY", "typed", "small_items"),
        ("MY-ENUMTYPE", "typed", "mood"),
        ("MY-ENUMTYPE", "typed", "other_mood"),
        ("MY-JSONINDEX", "typed", "typed_doc_key"),
        ("MY-JSONINDEX", "typed", "typed_meta_idx"),
        ("MY-GIN", "typed", "typed_tags_gin"),
        ("MY-TEXTPK", "texted", "k"),
        ("MY-TEXTUNIQUE", "texted", "texted_label_key"),
        ("MY-TEXTPREFIX", "texted", "texted_body_idx"),
        ("MY-PREFIX", "texted", "texted_n_idx"),
        ("MY-PREFIX", "texted", "texted_code_full"),
        ("MY-EXPRINDEX", "texted", "texted_lower_idx"),
        ("MY-PARTIAL", "texted", "texted_open_idx"),
        ("MY-PARTFK", "parted", "parted_typed_fkey"),
        ("MY-SETDEFAULT", "referring", "referring_typed_fkey"),
        ("MY-UPDATERESTRICT", "referring", "referring_typed_fkey"),
        ("MY-MATVIEW", "lowering_totals", "(view)"), ("MY-VIEWCOMMENT", "lowering_totals", "(view comment)"),
        ("MY-VIEWABSENT", "lowering_absent", "(view)"),
    },
    "sqlite": {
        ("SL-TYPE", "*", "lowering_feeling"),
        ("SL-TYPE", "*", "lowering_pair"),
        ("SL-DOMAIN", "domained", "n"),
        ("SL-EXCLUDE", "booked", "booked_room_slot"),
        ("SL-SPELLED", "narrow", "at"),
        ("SL-TZ", "narrow", "at"),
        ("SL-SPELLED", "narrow", "body"),
        ("SL-TZ", "typed", "at"),
        ("SL-JSONB", "typed", "doc"),
        ("SL-JSONB", "typed", "meta"),
        ("SL-ARRAY", "typed", "tags"),
        ("SL-ARRAY", "typed", "small_items"),
        ("SL-GIN", "typed", "typed_tags_gin"),
        ("SL-PREFIX", "texted", "texted_n_idx"),
        ("SL-PREFIX", "texted", "texted_code_key"),
        ("SL-PREFIX", "texted", "texted_code_full"),
        ("SL-PARTITION", "parted", "day"),
        ("SL-XFK", "lowering_b.owned", "owned_owner_fkey"),
        ("SL-MATVIEW", "lowering_totals", "(view)"), ("SL-VIEWCOMMENT", "lowering_totals", "(view comment)"),
        ("SL-VIEWABSENT", "lowering_absent", "(view)"),
    },
}

# Sequences, routines and user triggers (schema/code.py): each held on its engine, a named degradation elsewhere.
LOWERINGS = replace(
    LOWERINGS, sequences=(Sequence("lowering_seq", start=5, owned_by=("referring", "typed_id")),),
    routines=(Routine("lowering_pg()", "postgres", "CREATE FUNCTION lowering_pg() RETURNS int LANGUAGE sql AS 'SELECT 1'"),
              Routine("lowering_my", "mariadb", "CREATE FUNCTION lowering_my() RETURNS INT DETERMINISTIC RETURN 1"),
              Routine("lowering_event", "mariadb", "CREATE EVENT lowering_event ON SCHEDULE EVERY 1 DAY DISABLE "
                      "DO SET @sk_seen = 1", kind="event")),
    triggers=(Trigger("lowering_pg_trigger", "referring", "postgres",
                      "CREATE TRIGGER lowering_pg_trigger BEFORE INSERT ON referring FOR EACH ROW EXECUTE FUNCTION f()"),
              Trigger("lowering_my_trigger", "referring", "mysql",
                      "CREATE TRIGGER lowering_my_trigger BEFORE INSERT ON referring FOR EACH ROW SET NEW.id = NEW.id"),
              Trigger("lowering_sl_trigger", "referring", "sqlite",
                      "CREATE TRIGGER lowering_sl_trigger AFTER INSERT ON referring BEGIN SELECT 1; END")))
CODES["postgres"] |= {("PG-ROUTINE", "*", "lowering_my"), ("PG-EVENT", "*", "lowering_event"),
                      ("PG-TRIGGER", "referring", "lowering_my_trigger"),
                      ("PG-TRIGGER", "referring", "lowering_sl_trigger")}
CODES["mysql"] |= {("MY-ROUTINE", "*", "lowering_pg()"), ("MY-TRIGGER", "referring", "lowering_pg_trigger"),
                   ("MY-TRIGGER", "referring", "lowering_sl_trigger")}
# MariaDB has sequences (MySQL 8 has none): the sequence is kept there, without its owner.
CODES["mariadb"] = CODES["mysql"] | {("MY-SEQ-OWNED", "lowering_seq", "owned by")}
CODES["mysql"] |= {("MY-SEQUENCE", "*", "lowering_seq")}
CODES["sqlite"] |= {("SL-ROUTINE", "*", "lowering_pg()"), ("SL-ROUTINE", "*", "lowering_my"),
                    ("SL-EVENT", "*", "lowering_event"),
                    ("SL-TRIGGER", "referring", "lowering_pg_trigger"), ("SL-TRIGGER", "referring", "lowering_my_trigger"),
                    ("SL-SEQUENCE", "*", "lowering_seq")}

# Row-level security, policies and grants (schema/policies.py): held on PostgreSQL, named degradations elsewhere.
LOWERINGS = replace(
    LOWERINGS.replace_table(replace(LOWERINGS.table("referring"), row_security=True, force_row_security=True)),
    policies=(Policy("referring_mine", "referring", using="(id > 0)"),
              Policy("referring_add", "referring", command="INSERT", permissive=False, check="true")),
    grants=(Grant(("INSERT", "SELECT"), "table", "referring", "public"),))
CODES["mysql"] |= {("MY-POLICY", "referring", "row level security"), ("MY-POLICY", "referring", "referring_mine"),
                   ("MY-POLICY", "referring", "referring_add"), ("MY-GRANT", "*", "INSERT, SELECT on table referring to public")}
CODES["mariadb"] |= {("MY-POLICY", "referring", "row level security"), ("MY-POLICY", "referring", "referring_mine"),
                     ("MY-POLICY", "referring", "referring_add"),
                     ("MY-GRANT", "*", "INSERT, SELECT on table referring to public")}
CODES["sqlite"] |= {("SL-POLICY", "referring", "row level security"), ("SL-POLICY", "referring", "referring_mine"),
                    ("SL-POLICY", "referring", "referring_add"), ("SL-GRANT", "*", "INSERT, SELECT on table referring to public")}

# A serial (an identity drawn from a sequence the column owns), an index comment and trigger comments:
# PostgreSQL holds them all; MySQL/MariaDB an identity, and the comment of a plain index only; SQLite none.
LOWERINGS = replace(
    LOWERINGS, tables=LOWERINGS.tables + (
        table("serialed", col("id", INTEGER, identity="sequence"), col("code", varchar(10)),
              index("serialed_code_key", "code", unique=True, comment="one code each"), pk="id"),),
    triggers=tuple(replace(t, comment=f"the {t.engine} trigger") if t.engine in ("mysql", "sqlite") else t
                   for t in LOWERINGS.triggers))
CODES["mysql"] |= {("MY-SERIAL", "serialed", "id"), ("MY-INDEXCOMMENT", "serialed", "serialed_code_key"),
                   ("MY-TRIGGERCOMMENT", "referring", "lowering_my_trigger")}
CODES["mariadb"] |= {("MY-SERIAL", "serialed", "id"), ("MY-INDEXCOMMENT", "serialed", "serialed_code_key"),
                     ("MY-TRIGGERCOMMENT", "referring", "lowering_my_trigger")}
CODES["sqlite"] |= {("SL-SERIAL", "serialed", "id"), ("SL-INDEXCOMMENT", "serialed", "serialed_code_key"),
                    ("SL-TRIGGERCOMMENT", "referring", "lowering_sl_trigger")}

# An identity outside the primary key (issue #15): PostgreSQL holds it; MySQL/MariaDB add a key it leads
# (AUTO_INCREMENT needs one, MY-AUTOKEY); SQLite's only auto-increment is the INTEGER PRIMARY KEY (SL-IDENTITY-PART).
LOWERINGS = replace(LOWERINGS, tables=LOWERINGS.tables + (
    table("numbered", col("code", varchar(10)), col("seq_no", BIGINT, identity=True), pk="code"),))
for _engine in ("mysql", "mariadb"):
    CODES[_engine] |= {("MY-AUTOKEY", "numbered", "numbered_seq_no_auto")}
CODES["sqlite"] |= {("SL-IDENTITY-PART", "numbered", "seq_no")}

# engine -> (a schema only that engine's lowering changes, the (code, table, subject) it lists): codes no
# shared schema reaches (tests/test_roundtrip.py counts them among the codes held to a difference).
ENGINE_LOWERINGS = {
    "mysql": (Schema((table("computed", col("id", INTEGER), col("n", INTEGER, default=default_sql("txid_current()")),
                            col("code", varchar(20), default=default_sql("'new'")),
                            col("note", TEXT, collation=Collation("latin1_bin", "mysql")),
                            col("twice", INTEGER, null=False, generated=generated("n * 2")),
                            index("computed_code_cover", "code", unique=True, include=("n",)),
                            pk="id", collation=Collation("latin1_swedish_ci", "mysql")),
                      # a foreign key column of a narrower type, a monthly interval default, a SQLite function
                      table("spanned", col("id", INTEGER), col("computed_id", SMALLINT),
                            col("grace", INTERVAL, default=lit("1 mon")),
                            # a narrower type of another engine's (none reads one today)
                            col("label", spelled(TEXT, "citext", "postgres")),
                            col("day", TEXT), col("julian", INTEGER, generated=generated("julianday(day)")),
                            fk("computed_id", "computed", "id"), pk="id"),
                      # partitionings MySQL 8 (MariaDB but MY-LISTDEFAULT) cannot hold as they are
                      *(table(name, col("k", INTEGER, null=False), partition=p) for name, p in (
                          ("parted_none", Partitioning("k")),
                          ("parted_default", Partitioning("k", partitions=(PartitionSpec("low", upper=10),),
                                                          default="rest")),
                          ("parted_list", Partitioning("k", method=PartitionMethod.LIST,
                                                       partitions=(PartitionSpec("one", values=(1,)),), default="rest")))))),
              {("MY-DEFAULTEXPR", "computed", "n"), ("MY-INCLUDE", "computed", "computed_code_cover"),
               ("MY-CHARSETCOLLATION", "computed", "*"), ("MY-LITERALEXPR", "computed", "code"),
               ("MY-GENERATEDNULL", "computed", "twice"), ("MY-FKTYPE", "spanned", "computed_id"),
               ("MY-INTERVAL", "spanned", "grace"), ("MY-INTERVALDEFAULT", "spanned", "grace"),
               ("MY-GENERATEDEXPR", "spanned", "julian"), ("MY-SPELLED", "spanned", "label"), ("MY-PARTNONE", "parted_none", "k"),
               ("MY-RANGEDEFAULT", "parted_default", "k"), ("MY-LISTDEFAULT", "parted_list", "k")}),
    # Expressions another engine wrote that PostgreSQL cannot compute or index.
    # and partitions named per table, as MySQL names them.
    "postgres": (Schema((table("imported", col("id", INTEGER), col("body", TEXT), col("day", TEXT),
                               col("stamp", INTEGER, default=default_sql("unixepoch()")),
                               check("imported_body_json", "json_valid(body)"),
                               index("imported_day_idx", expr("date(day)")), index("by_body", "body"), pk="id"),
                         # MySQL's index names are per table, PostgreSQL's per schema
                         table("exported", col("id", INTEGER), col("body", TEXT), index("by_body", "body"), pk="id"),
                         *(table(name, col("k", INTEGER, null=False), partition=Partitioning(
                             "k", partitions=(PartitionSpec("p0", upper=0), PartitionSpec("pmax"))))
                           for name in ("parted_a", "parted_b")),
                         # an exclusion over a column of another engine's type, which is text here
                         table("spans", col("id", INTEGER), col("span", native("tsrange", "mysql")),
                               exclude("spans_no_overlap", ("span", "&&")), pk="id"),
                         # a generated column over another one, which MySQL and SQLite allow
                         table("priced", col("id", INTEGER), col("price", INTEGER, null=False),
                               col("tax", INTEGER, generated=generated("price / 10")),
                               col("total", INTEGER, generated=generated("price + tax")), pk="id"))),
                 {("PG-CHECK-FUNCTION", "imported", "imported_body_json"), ("PG-EXPRESSION", "imported", "stamp"),
                  ("PG-INDEX-EXPRESSION", "imported", "imported_day_idx"), ("PG-INDEXNAME", "exported", "by_body"),
                  ("PG-PARTNAME", "parted_b", "k"), ("PG-EXCLUDE", "spans", "spans_no_overlap"),
                  ("PG-NATIVE", "spans", "span"), ("PG-GENERATED-CHAIN", "priced", "total")}),
    # Expressions SQLite cannot compute.
    "sqlite": (Schema((table("imported", col("id", INTEGER), col("code", TEXT),
                             check("imported_code_shape", "code ~ '^[A-Z]+$'"), index("by_code", "code"),
                             # a collation SQLite lacks: it created the table, then refused every row
                             check("imported_code_bin", "code COLLATE \"utf8mb4_bin\" <> 'X'"), pk="id"),
                       # MySQL's index names are per table, SQLite's per database
                       table("exported", col("id", INTEGER), col("code", TEXT), index("by_code", "code"), pk="id"))),
               {("SL-CHECK-FUNCTION", "imported", "imported_code_shape"), ("SL-CHECK-FUNCTION", "imported", "imported_code_bin"),
                ("SL-INDEXNAME", "exported", "by_code")}),
}

# Comments on constraints (issue #15): PostgreSQL holds them all; MySQL/MariaDB a UNIQUE key's only (a CHECK,
# a foreign key and the primary key carry none there: MY-CONSTRAINTCOMMENT); SQLite none (SL-CONSTRAINTCOMMENT).
LOWERINGS = replace(LOWERINGS, tables=LOWERINGS.tables + (
    table("commented_keys", col("id", INTEGER), col("code", varchar(10)), col("n", INTEGER), col("typed_id", INTEGER),
          unique("code", name="commented_keys_code_key", comment="one code each"),
          check("commented_keys_n_check", "n > 0", comment="it's \"positive\" \\ never zero"),
          fk("typed_id", "typed", name="commented_keys_typed_fkey", comment="the typed row"),
          pk="id", pk_comment="the key"),))
for _engine in ("mysql", "mariadb"):
    CODES[_engine] |= {("MY-CONSTRAINTCOMMENT", "commented_keys", "commented_keys_n_check"),
                       ("MY-CONSTRAINTCOMMENT", "commented_keys", "commented_keys_typed_fkey"),
                       ("MY-CONSTRAINTCOMMENT", "commented_keys", "primary key")}
CODES["sqlite"] |= {("SL-CONSTRAINTCOMMENT", "commented_keys", name) for name in (
    "commented_keys_code_key", "commented_keys_n_check", "commented_keys_typed_fkey", "primary key")}

# A column default drawing from a sequence the model holds (issue #15): PostgreSQL's nextval(), MariaDB's
# NEXTVAL(); MySQL 8 and SQLite have no sequences, so the default goes with the sequence.
LOWERINGS = replace(LOWERINGS, tables=LOWERINGS.tables + (
    table("drawing", col("id", INTEGER), col("n", BIGINT, null=False,
                                            default=default_sql("nextval(CAST('lowering_draw' AS REGCLASS))")), pk="id"),),
    sequences=LOWERINGS.sequences + (Sequence("lowering_draw", start=100),))
CODES["mysql"] |= {("MY-SEQUENCE", "*", "lowering_draw"), ("MY-DEFAULTEXPR", "drawing", "n")}
CODES["sqlite"] |= {("SL-SEQUENCE", "*", "lowering_draw"), ("SL-EXPRESSION", "drawing", "n")}

# Extensions (schema/code.py): a PostgreSQL one is created there and nowhere else; one written for another engine
# is created nowhere (no engine but PostgreSQL holds extensions).
LOWERINGS = replace(LOWERINGS, extensions=(Extension("citext"), Extension("lowering_ext", engine="sqlite")))
CODES["postgres"] |= {("PG-EXTENSION", "*", "lowering_ext")}
for _engine in ("mysql", "mariadb"):
    CODES[_engine] |= {("MY-EXTENSION", "*", "citext"), ("MY-EXTENSION", "*", "lowering_ext")}
CODES["sqlite"] |= {("SL-EXTENSION", "*", "citext"), ("SL-EXTENSION", "*", "lowering_ext")}
