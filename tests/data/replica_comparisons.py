"""How drift compares definitions on a PostgreSQL standby, where its probes cannot create anything
(dialects/postgres/replicas.py): one case a line, (as the model writes it, as PostgreSQL stores it, alike?).

QUERIES are compared by their plans (`same_query`) over the table `doc` (tests/test_replicas.py makes it);
DEFINITIONS (CREATE FUNCTION / TRIGGER) by their normal form (`definition_form`).
"""

QUERIES = [
    ("SELECT id, title FROM doc WHERE status = 'open'",
     "SELECT doc.id, doc.title FROM doc WHERE ((doc.status)::text = 'open'::text)", True),
    ("SELECT id, title FROM doc WHERE status = 'open'", "SELECT doc.id, doc.title FROM doc WHERE "
     "((doc.status)::text = 'closed'::text)", False),
    ("SELECT id, title FROM doc", "SELECT doc.title, doc.id FROM doc", False),  # column order
    ("SELECT id, title FROM doc", "SELECT doc.id, doc.title AS name FROM doc", False),  # column name
    ("SELECT id FROM doc WHERE id IN (1, 2)", "SELECT doc.id FROM doc WHERE (doc.id = ANY (ARRAY[1, 2]))", True),
    ("SELECT id FROM doc WHERE id != 3", "SELECT doc.id FROM doc WHERE (doc.id <> 3)", True),
    ("SELECT id FROM doc ORDER BY id", "SELECT doc.id FROM doc ORDER BY doc.id DESC", False),
    ("SELECT id FROM no_such_table", "SELECT doc.id FROM doc", False),  # refused: compared as written
]

TRIM = "BEGIN NEW.title := trim(NEW.title); RETURN NEW; END"
DEFINITIONS = [
    (f"CREATE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $$ {TRIM} $$",
     f"CREATE OR REPLACE FUNCTION public.trim_title()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ {TRIM} $function$",
     True),
    (f"CREATE FUNCTION trim_title() RETURNS trigger AS '{TRIM}' LANGUAGE plpgsql",
     f"CREATE OR REPLACE FUNCTION public.trim_title()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function${TRIM}$function$",
     True),
    (f"CREATE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $$ {TRIM} $$",
     "CREATE OR REPLACE FUNCTION public.trim_title()\n RETURNS trigger\n LANGUAGE plpgsql\n"
     f"AS $function$ {TRIM.lower()} $function$",
     False),  # the body is kept verbatim: any edit counts
    ("CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$",
     "CREATE OR REPLACE FUNCTION public.one()\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$ SELECT 1 $function$",
     False),  # volatility
    ("CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$",
     "CREATE OR REPLACE FUNCTION other.one()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT 1 $function$",
     False),  # another namespace
    ("CREATE TRIGGER doc_trim BEFORE INSERT ON doc FOR EACH ROW EXECUTE PROCEDURE trim_title()",
     "CREATE TRIGGER doc_trim BEFORE INSERT ON public.doc FOR EACH ROW EXECUTE FUNCTION trim_title()", True),
    ("CREATE TRIGGER doc_trim BEFORE INSERT ON doc FOR EACH ROW EXECUTE FUNCTION trim_title()",
     "CREATE TRIGGER doc_trim BEFORE UPDATE ON public.doc FOR EACH ROW EXECUTE FUNCTION trim_title()", False),
]
