"""Bad project input: each case's files (written in an empty folder), the command, and the one
line schemakit must print (exit 2, nothing created). The `{tmp}` in a text is the folder."""

GOOD_SCHEMA = '''
from schemakit import INTEGER, Schema, col, table
SCHEMA = Schema((table("t", col("id", INTEGER, null=False), pk="id"),))
'''

SHAPED = '''
from schemakit import INTEGER, TEXT, Schema, col, table
T = table("t", %s, pk="id")
SCHEMA = Schema((T,))
'''

CASES = [
    # (id, files, args, expected text in the error line)
    ("no configuration anywhere", {}, ["systems"], "no schemakit configuration here or above"),
    ("schemakit.toml is not TOML", {"schemakit.toml": "schema = \n"}, ["systems"],
     "schemakit.toml: not valid TOML"),
    ("pyproject's table is not TOML", {"pyproject.toml": "[tool.schemakit]\nschema = 'a.py\n"}, ["systems"],
     "pyproject.toml: not valid TOML"),
    ("an unknown key", {"schemakit.toml": "schema = 'db.py'\nshema = 'x'\n", "db.py": GOOD_SCHEMA}, ["systems"],
     "shema in {tmp}/schemakit.toml: unknown key"),
    ("an unknown key in pyproject", {"pyproject.toml": "[tool.schemakit]\nschema = 'db.py'\nmigration = 'm'\n",
                                     "db.py": GOOD_SCHEMA}, ["systems"],
     "tool.schemakit.migration in {tmp}/pyproject.toml: unknown key"),
    ("schema is not a string", {"schemakit.toml": "schema = 3\n"}, ["systems"],
     "schema in {tmp}/schemakit.toml: must be a string"),
    ("no schema key", {"schemakit.toml": "migrations = 'm'\n"}, ["systems"], "schema in {tmp}/schemakit.toml: missing"),
    ("the schema file does not exist", {"schemakit.toml": "schema = 'db/schema.py'\n"}, ["systems"],
     "no such file {tmp}/db/schema.py"),
    ("the schema module does not import", {"schemakit.toml": "schema = 'app.dbx:SYSTEMS'\n"}, ["systems"],
     "no module named 'app'"),
    ("a syntax error in the schema file", {"schemakit.toml": "schema = 'db.py'\n", "db.py": "x = (\n"}, ["systems"],
     "{tmp}/db.py:1: SyntaxError"),
    ("the schema file raises", {"schemakit.toml": "schema = 'db.py'\n", "db.py": "\n\nx = 1 / 0\n"}, ["systems"],
     "{tmp}/db.py:3: the schema module failed to import (ZeroDivisionError"),
    ("no schema attribute", {"schemakit.toml": "schema = 'db.py'\n", "db.py": "X = 1\n"}, ["systems"],
     "has no SYSTEMS or SYSTEM or SCHEMA"),
    ("the named attribute is missing", {"schemakit.toml": "schema = 'db.py:MINE'\n", "db.py": GOOD_SCHEMA},
     ["systems"], "has no MINE"),
    ("the attribute has the wrong type", {"schemakit.toml": "schema = 'db.py'\n", "db.py": "SCHEMA = [1, 2]\n"},
     ["systems"], "SCHEMA is a list; it must be a System, a Schema, or a non-empty list of Systems"),
    ("two systems with one name", {"schemakit.toml": "schema = 'db.py'\n", "db.py": GOOD_SCHEMA +
                                   "from schemakit import System\n"
                                   "SYSTEMS = [System('a', 'A', SCHEMA), System('a', 'B', SCHEMA)]\n"},
     ["systems"], "two systems are named 'a'"),
    ("a system name that cannot name a folder", {"schemakit.toml": "schema = 'db.py'\n", "db.py": GOOD_SCHEMA +
                                                 "from schemakit import System\nSYSTEM = System('my app', 'A', SCHEMA)\n"},
     ["systems"], "system name 'my app' must start with a letter"),
    ("an undefined environment", {"schemakit.toml": "schema = 'db.py'\n[env.ci]\nurl = 'sqlite:///x.db'\n",
                                  "db.py": GOOD_SCHEMA}, ["migrate", "--env", "prod"],
     "--env prod: no such environment in {tmp}/schemakit.toml (defined: ci); add a [env.prod] table with a url"),
    ("an undefined environment in pyproject", {"pyproject.toml": "[tool.schemakit]\nschema = 'db.py'\n",
                                               "db.py": GOOD_SCHEMA}, ["migrate", "--env", "prod"],
     "--env prod: no such environment in {tmp}/pyproject.toml (defined: none); add a [tool.schemakit.env.prod] table"),
    ("an unset variable", {"schemakit.toml": "schema = 'db.py'\n[env.ci]\nurl = '${SCHEMAKIT_TEST_UNSET}'\n",
                           "db.py": GOOD_SCHEMA}, ["migrate", "--env", "ci"],
     "env.ci.url in {tmp}/schemakit.toml: ${{SCHEMAKIT_TEST_UNSET}} is not set"),
    ("an environment that is not a table", {"schemakit.toml": "schema = 'db.py'\nenv = {ci = 'x'}\n",
                                            "db.py": GOOD_SCHEMA}, ["systems"],
     "env.ci in {tmp}/schemakit.toml: must be a table"),
    ("--config names no file", {}, ["systems", "--config", "{tmp}/nope.toml"], "--config {tmp}/nope.toml: no such file"),
    ("--config names a pyproject without the table", {"pyproject.toml": "[project]\nname = 'x'\n"},
     ["systems", "--config", "{tmp}/pyproject.toml"], "{tmp}/pyproject.toml: no [tool.schemakit] table"),
    ("--schema names no file", {}, ["ddl", "--schema", "nowhere/db.py", "--dialect", "sqlite"],
     "--schema nowhere/db.py: no such file {tmp}/nowhere/db.py"),
    ("an unknown system", {"schemakit.toml": "schema = 'db.py'\n", "db.py": GOOD_SCHEMA},
     ["ddl", "dbx", "--dialect", "sqlite"], "unknown system 'dbx' in db.py: choose one of db"),
    # a model of the wrong shape: named where it is, before any check reads it (schema/shape.py)
    ("a column type given as text", {"schemakit.toml": "schema = 'db.py'\n", "db.py": SHAPED % 'col("id", "INTEGER")'},
     ["ddl", "--dialect", "sqlite"], "table t, column id: type is 'INTEGER' (a str), not a type such as INTEGER"),
    ("a default given as a bare value", {"schemakit.toml": "schema = 'db.py'\n",
                                         "db.py": SHAPED % 'col("id", INTEGER), col("s", TEXT, default="draft")'},
     ["ddl", "--dialect", "postgres"], "table t, column s: default is 'draft' (a str), not lit(value), NOW"),
    ("a table list holding a name", {"schemakit.toml": "schema = 'db.py'\n",
                                     "db.py": SHAPED.replace("Schema((T,))", "Schema((T, 'users'))") % 'col("id", INTEGER)'},
     ["makemigrations"], "tables[1] is 'users' (a str), not a table(...)"),
    ("null given as text", {"schemakit.toml": "schema = 'db.py'\n", "db.py": SHAPED % 'col("id", INTEGER, null="no")'},
     ["ddl", "--dialect", "mysql"], "column id: null is True or False, not 'no'"),
]
