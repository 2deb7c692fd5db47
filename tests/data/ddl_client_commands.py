"""DDL files that hold commands of the engine's own client, not SQL (tests/test_inspect_ddl_commands.py).

`inspect --ddl` loads a file with the engine's client (psql, mariadb, sqlite3); each client also runs
commands of its own that reach outside the scratch database: a shell command, a file read or written,
another database. A file holding one is refused, exit 2, with one line naming the file, the line and
the command; nothing it asks for runs.

HOSTILE: (engine, id, file text, a fragment of the one-line message). In the text, {marker} is an
absolute path under the test's tmp_path that must not exist afterwards, and {db} a database name that
must not exist on the server afterwards.

LOADS: (engine, id, file text) of ordinary dumps whose backslashes (in COPY data, strings, comments,
function bodies) are not commands: they load, exit 0, and hold table `t`. {marker} as above.
"""
from __future__ import annotations

R = "error: backslash commands are restricted"  # psql's own refusal, under \\restrict

HOSTILE = [
    # -- psql: a backslash outside quotes, comments, dollar quotes and COPY data starts a meta-command,
    # anywhere on a line (https://www.postgresql.org/docs/15/app-psql.html#APP-PSQL-META-COMMANDS)
    ("postgres", "\\! runs a shell command",
     "CREATE TABLE t (id int primary key);\n\\! touch {marker}\n", f":2: {R}"),
    ("postgres", "\\gexec runs the rows it reads as statements: another database",
     "CREATE TABLE t (id int primary key);\nSELECT 'CREATE DATABASE {db}' \\gexec\n", f":2: {R}"),
    ("postgres", "after a statement on the same line",
     "CREATE TABLE t (id int primary key); \\! touch {marker}\n", f":1: {R}"),
    ("postgres", "inside a statement spanning lines",
     "CREATE TABLE t (\n  id int primary key \\! touch {marker}\n);\n", f":2: {R}"),
    ("postgres", "after a string holding a doubled quote and a backslash",
     "CREATE TABLE t (id int primary key, v text DEFAULT 'it''s \\ ok');\nSELECT 'a' \\! touch {marker}\n",
     f":2: {R}"),
    ("postgres", "after a comment and a nested block comment",
     "CREATE TABLE t (id int primary key); -- a comment \\! here is no command\n"
     "/* outer /* inner */ still a comment \\! */ \\! touch {marker}\n", f":2: {R}"),
    ("postgres", "after a dollar-quoted body",
     "CREATE TABLE t (id int primary key);\n"
     "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 /* \\! */ $body$; \\! touch {marker}\n",
     f":2: {R}"),
    ("postgres", "\\o writes query output to a file",
     "CREATE TABLE t (id int primary key);\n\\o {marker}\nSELECT 1;\n", f":2: {R}"),
    ("postgres", "\\g with a pipe runs a shell command",
     "CREATE TABLE t (id int primary key);\nSELECT 1 \\g |touch {marker}\n", f":2: {R}"),
    ("postgres", "\\copy writes a file on the client",
     "CREATE TABLE t (id int primary key);\n\\copy t TO '{marker}'\n", f":2: {R}"),
    ("postgres", "\\set with a backquoted shell command",
     "CREATE TABLE t (id int primary key);\n\\set x `touch {marker}`\n", f":2: {R}"),
    ("postgres", "\\i reads another file",
     "CREATE TABLE t (id int primary key);\n\\i /dev/null\n", f":2: {R}"),
    ("postgres", "\\connect after a statement on the same line",
     "CREATE TABLE t (id int primary key); \\connect postgres\n", f":1: {R}"),
    ("postgres", "after a COPY data block",
     "CREATE TABLE t (id int primary key, v text);\nCOPY t (id, v) FROM stdin;\n1\t\\N\n\\.\n\\! touch {marker}\n",
     f":5: {R}"),
    ("postgres", "after COPY ... FROM stdin on its own line",
     "CREATE TABLE t (id int primary key);\nCOPY t (id) FROM stdin; \\! touch {marker}\n1\n\\.\n",
     R),  # (the line psql counts after its COPY data)
    ("postgres", "COPY inside BEGIN ATOMIC is no COPY data block to psql",
     "CREATE TABLE t (id int primary key);\n"
     "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; COPY t FROM stdin;\n"
     "\\! touch {marker}\n\\.\nEND;\n", f":3: {R}"),
    ("postgres", "a quote after a backslash: with standard_conforming_strings off the string goes on",
     "CREATE TABLE t (id int primary key);\nSET standard_conforming_strings = off;\n"
     "SELECT 'x\\' , ' ; \\! touch {marker}\n", "backslash"),
    ("postgres", "\\restrict followed by another command on its line",
     "\\restrict abc123 \\! touch {marker}\nCREATE TABLE t (id int primary key);\n", f":1: {R}"),
    # -- the mariadb client: its commands (https://mariadb.com/kb/en/mariadb-command-line-client/#mariadb-commands)
    ("mariadb", "\\! runs a shell command",
     "CREATE TABLE t (id int primary key);\n\\! touch {marker}\n", "at line 2: Unknown command '\\!'"),
    ("mariadb", "system runs a shell command",
     "CREATE TABLE t (id int primary key);\nsystem touch {marker}\n", "at line 2"),
    ("mariadb", "\\! after a statement on the same line",
     "CREATE TABLE t (id int primary key); \\! touch {marker}\n", "at line 1: Unknown command '\\!'"),
    ("mariadb", "tee writes everything to a file",
     "CREATE TABLE t (id int primary key);\ntee {marker}\nSELECT 1;\n", "at line 2"),
    ("mariadb", "\\T writes everything to a file",
     "CREATE TABLE t (id int primary key);\n\\T {marker}\nSELECT 1;\n", "at line 2: Unknown command '\\T'"),
    ("mariadb", "pager runs a shell command",
     "CREATE TABLE t (id int primary key);\n\\P touch {marker}\nSELECT 1;\n", "at line 2: Unknown command '\\P'"),
    ("mariadb", "source reads another file",
     "CREATE TABLE t (id int primary key);\nsource /dev/null\n", "at line 2"),
    ("mariadb", "\\r connects to another database",
     "CREATE TABLE t (id int primary key);\n\\r mysql\nCREATE TABLE u (id int primary key);\n",
     "at line 2: Unknown command '\\r'"),
    ("mariadb", "\\u after a statement on the same line switches database",
     "CREATE TABLE t (id int primary key); \\u mysql\nCREATE TABLE u (id int primary key);\n",
     "at line 1: Unknown command '\\u'"),
    # -- sqlite3: dot-commands and the shell's functions that reach the host, off in safe mode
    # (https://www.sqlite.org/cli.html, "The --safe command-line option")
    ("sqlite", ".shell runs a shell command", "CREATE TABLE t (id int primary key);\n.shell touch {marker}\n",
     "line 2: cannot run .shell"),
    ("sqlite", ".system runs a shell command", "CREATE TABLE t (id int primary key);\n.system touch {marker}\n",
     "line 2: cannot run .system"),
    ("sqlite", ".output writes a file", "CREATE TABLE t (id int primary key);\n.output {marker}\nSELECT 1;\n",
     "line 2: cannot run .output"),
    ("sqlite", ".once writes a file", "CREATE TABLE t (id int primary key);\n.once {marker}\nSELECT 1;\n",
     "line 2: cannot run .once"),
    ("sqlite", ".import reads a file", "CREATE TABLE t (id int primary key);\n.import /dev/null t\n",
     "line 2: cannot run .import"),
    ("sqlite", ".open opens another database", "CREATE TABLE t (id int primary key);\n.open {marker}\n",
     "line 2: cannot open"),
    ("sqlite", ".load loads an extension", "CREATE TABLE t (id int primary key);\n.load {marker}\n",
     "line 2: cannot run .load"),
    ("sqlite", ".read reads another file", "CREATE TABLE t (id int primary key);\n.read /dev/null\n",
     "line 2: cannot run .read"),
    ("sqlite", "writefile() writes a file", "CREATE TABLE t (id int primary key);\nSELECT writefile('{marker}', 'x');\n",
     "line 2: cannot use the writefile() function"),
    ("sqlite", "ATTACH makes another database file", "CREATE TABLE t (id int primary key);\nATTACH '{marker}' AS x;\n",
     "line 2: cannot run ATTACH"),
]

LOADS = [
    # pg_dump 17.6+ (its \restrict and \unrestrict lines), COPY data holding \N, an escaped backslash and
    # text that looks like a meta-command; meta-command look-alikes in strings, comments and dollar quotes.
    ("postgres", "a pg_dump file with COPY data and backslashes",
     "\\restrict 4f3Kq9ZxA1\n"
     "SET statement_timeout = 0;\nSET standard_conforming_strings = on;\n"
     "SELECT pg_catalog.set_config('search_path', '', false);\n"
     "-- a comment \\! touch {marker}\n"
     "/* a block comment\n\\! touch {marker}\n*/\n"
     "CREATE TABLE public.t (\n    id integer NOT NULL,\n    v text DEFAULT 'C:\\\\temp\\\\ \\! no',\n"
     "    w text DEFAULT E'it\\'s \\\\! no',\n    CONSTRAINT t_v_check CHECK (v !~ '\\s\\!')\n);\n"
     "CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $_$SELECT '\\! touch {marker}'::text$_$;\n"
     "CREATE FUNCTION public.g() RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n"
     "RETURN '\n\\! touch {marker}\n';\nEND\n$$;\n"
     "COPY public.t (id, v, w) FROM stdin;\n"
     "1\t\\N\t\\N\n2\ta\\\\b\tc\n3\t\\! touch {marker}\t\\\\.\n"
     "\\.\n"
     "SELECT 1 \\; SELECT 2;\n"
     "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
     "\\unrestrict 4f3Kq9ZxA1\n"),
    # mysqldump: version comments, a trigger between DELIMITER lines, a backslash-escaped string, \N (NULL)
    ("mariadb", "a mysqldump file with DELIMITER and backslashes",
     "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!40101 SET NAMES utf8mb4 */;\n"
     "-- a comment \\! touch {marker}\n"
     "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `v` varchar(20) DEFAULT 'a\\\\b \\! no',\n"
     "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
     "INSERT INTO `t` VALUES (1,'x\\'y'),(2,\\N);\n"
     "DELIMITER ;;\n/*!50003 CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.v = 'z' */;;\n"
     "DELIMITER ;\n/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n"),
    ("sqlite", "a .dump file",
     "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"
     "CREATE TABLE t (id integer PRIMARY KEY, v text DEFAULT '.shell touch {marker}');\n"
     "INSERT INTO t VALUES(1,'a\\b');\nCOMMIT;\n"),
]
