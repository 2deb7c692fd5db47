"""Bad fleet settings: each case's schemakit.toml environment table(s) and extra files (written in
an empty folder beside a migrated one-table project), the command, and the text of the one line
schemakit must print (exit 2, before anything connects: no file is created). `{tmp}` is the folder.

A URL here is a SQLite file in `{tmp}`: were any command to run, the file would appear."""

A, B = "sqlite:///{tmp}/a.db", "sqlite:///{tmp}/b.db"
FLEET = f'[env.f]\nurls = ["{A}", "{B}"]\n'

CASES = [
    # (id, environment TOML, extra files, args, expected text in the error line)
    ("url and urls", f'[env.f]\nurl = "{A}"\nurls = ["{B}"]\n', {}, ["migrate", "--env", "f"],
     "env.f in {tmp}/schemakit.toml: has url and urls: keep exactly one"),
    ("urls and urls_file", f'[env.f]\nurls = ["{A}"]\nurls_file = "fleet.txt"\n', {}, ["status", "--env", "f"],
     "env.f in {tmp}/schemakit.toml: has urls and urls_file: keep exactly one"),
    ("none of them", '[env.f]\n', {}, ["migrate", "--env", "f"],
     "env.f.url in {tmp}/schemakit.toml: missing: set url = \"...\" (or a fleet's urls = [...]"),
    ("an empty list", '[env.f]\nurls = []\n', {}, ["migrate", "--env", "f"],
     "env.f.urls in {tmp}/schemakit.toml: the list is empty"),
    ("urls is not a list of strings", '[env.f]\nurls = [1, 2]\n', {}, ["migrate", "--env", "f"],
     "env.f.urls in {tmp}/schemakit.toml: unknown key or of the wrong type"),
    ("urls is a string", f'[env.f]\nurls = "{A}"\n', {}, ["migrate", "--env", "f"],
     "env.f.urls in {tmp}/schemakit.toml: unknown key or of the wrong type"),
    ("a missing urls_file", '[env.f]\nurls_file = "fleet.txt"\n', {}, ["drift", "--env", "f"],
     "env.f.urls_file in {tmp}/schemakit.toml: cannot read {tmp}/fleet.txt: No such file or directory"),
    ("a urls_file of comments only", '[env.f]\nurls_file = "fleet.txt"\n',
     {"fleet.txt": "# no shard yet\n\n   # none\n"}, ["migrate", "--env", "f"],
     "{tmp}/fleet.txt lists no URL (only blank lines and comments)"),
    ("a bad URL in urls", f'[env.f]\nurls = ["{A}", "postgres:/nohost"]\n', {}, ["migrate", "--env", "f"],
     "env.f.urls[1] in {tmp}/schemakit.toml: not a database URL"),
    ("a URL with no database, in the file", '[env.f]\nurls_file = "fleet.txt"\n',
     {"fleet.txt": f"{A}\npostgresql://u:topsecret@127.0.0.1:5432\n"}, ["migrate", "--env", "f"],
     "{tmp}/fleet.txt:2: postgresql://u:***@127.0.0.1:5432/ names no database"),
    ("a URL listed twice", f'[env.f]\nurls = ["{A}", "{B}", "{A}"]\n', {}, ["migrate", "--env", "f"],
     "env.f.urls[2] in {tmp}/schemakit.toml: sqlite:///{tmp}/a.db is already in the fleet "
     "(env.f.urls[0] in {tmp}/schemakit.toml)"),
    ("one database with two passwords", '[env.f]\nurls = ["postgresql://u:one@h/db", "postgresql://u:two@h/db"]\n',
     {}, ["migrate", "--env", "f"], "postgresql://u:***@h/db is already in the fleet"),
    ("an unset variable in the file", '[env.f]\nurls_file = "fleet.txt"\n',
     {"fleet.txt": f"{A}\n" + "sqlite:///${{SCHEMAKIT_TEST_UNSET}}/c.db\n"}, ["migrate", "--env", "f"],
     "{tmp}/fleet.txt:2: ${{SCHEMAKIT_TEST_UNSET}} is not set"),
    ("an unset variable in the file's path", '[env.f]\nurls_file = "${{SCHEMAKIT_TEST_UNSET}}/fleet.txt"\n', {},
     ["migrate", "--env", "f"], "env.f.urls_file in {tmp}/schemakit.toml: ${{SCHEMAKIT_TEST_UNSET}} is not set"),
    ("rollback on a fleet", FLEET, {}, ["rollback", "app", "--env", "f"],
     "rollback: --env f is a fleet of 2 database(s), and rollback works on one: name it with --database URL"),
    ("unlock on a fleet", FLEET, {}, ["unlock", "--env", "f"],
     "unlock: --env f is a fleet of 2 database(s), and unlock works on one"),
    ("--jobs 0", FLEET, {}, ["migrate", "--env", "f", "--jobs", "0"],
     "argument --jobs: must be a whole number, 1 or more, not '0'"),
    ("--jobs not a number", FLEET, {}, ["drift", "--env", "f", "--jobs", "four"],
     "argument --jobs: must be a whole number, 1 or more, not 'four'"),
    ("--replica-timeout without --wait-replicas", FLEET, {}, ["migrate", "--env", "f", "--replica-timeout", "5"],
     "--replica-timeout goes with --wait-replicas"),
    ("--baseline with --adopt", FLEET, {}, ["migrate", "--env", "f", "--baseline", "--adopt"],
     "--baseline records what is there; it cannot be combined with --adopt, --repair or --replay"),
]
