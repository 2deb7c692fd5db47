#!/usr/bin/env bash
# Make the test servers reachable at the URLs the tests use by default, each
# engine's `Dialect.server_env` (the registry's, when .venv exists):
#   postgresql://postgres@127.0.0.1:5432/test   postgres (SCHEMAKIT_PG_URL overrides)
#   mysql://root@127.0.0.1:3306/test            mysql    (SCHEMAKIT_MYSQL_URL overrides)
#   mariadb://root@127.0.0.1:3306/test          mariadb  (SCHEMAKIT_MARIADB_URL overrides)
# One local MariaDB serves every engine whose default is port 3306.
# On Debian/Ubuntu it installs the server packages through apt-get when they
# are absent, starts them when stopped, and grants the local passwordless
# test logins. A local server every engine of which is named by its
# environment variable is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

wait_for() {  # wait_for DESCRIPTION COMMAND...
  local what=$1; shift
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "schemakit: $what did not come up within 30 s (its log, or the daemon run in the foreground, says why)" >&2; return 1
}

# server_vars PORT: the environment variables of the engines whose default server is the local one
# on PORT, from the engine registry (dialects.urls.servers) when the venv is there.
server_vars() {
  if [ -x .venv/bin/python ]; then
    .venv/bin/python -c 'import sys
from schemakit.dialects.urls import servers
print(" ".join(var for var, default in servers().values() if f":{sys.argv[1]}/" in default))' "$1"
  else
    case $1 in 5432) echo SCHEMAKIT_PG_URL ;; 3306) echo SCHEMAKIT_MYSQL_URL SCHEMAKIT_MARIADB_URL ;; esac
  fi
}

# all_named PORT: whether every engine served on PORT has its server named by its variable.
all_named() {
  local var
  for var in $(server_vars "$1"); do [ -n "${!var:-}" ] || return 1; done
}

pg_ok() { psql -X -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }

postgres_up() {
  if all_named 5432; then echo "schemakit: PostgreSQL from $(server_vars 5432)"; return; fi
  if ! pg_ok; then
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
      echo "schemakit: installing PostgreSQL through apt-get" >&2
      apt_install postgresql postgresql-client
    fi
    local ver; ver=$(ls /etc/postgresql | sort -V | tail -n 1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
    wait_for "PostgreSQL" pg_isready -h 127.0.0.1 -p 5432
    if ! pg_ok; then  # fresh install: allow the local test login without a password
      local hba="/etc/postgresql/$ver/main/pg_hba.conf"
      as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
      wait_for "PostgreSQL login" pg_ok
    fi
  fi
  psql -X -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_database where datname='test'" | grep -q 1 \
    || psql -X -h 127.0.0.1 -U postgres -d postgres -qc 'create database test'
  echo "schemakit: PostgreSQL ready at postgresql://postgres@127.0.0.1:5432/test"
}

my_client() { command -v mariadb || command -v mysql; }
my_ok() { "$(my_client)" -h 127.0.0.1 -P 3306 -uroot -e 'select 1' >/dev/null 2>&1; }

mariadb_up() {
  if all_named 3306; then echo "schemakit: MySQL/MariaDB from $(server_vars 3306)"; return; fi
  if ! { my_client >/dev/null && my_ok; }; then
    if [ ! -x /usr/sbin/mariadbd ] && [ ! -x /usr/sbin/mysqld ]; then
      echo "schemakit: installing MariaDB through apt-get" >&2
      apt_install mariadb-server mariadb-client
    fi
    as_root install -d -o mysql -g mysql /run/mysqld
    local daemon=/usr/sbin/mariadbd; [ -x "$daemon" ] || daemon=/usr/sbin/mysqld
    # mariadbd refuses to run as root unless told which user to be; Debian's packaged
    # config leaves `user` commented out (https://mariadb.com/kb/en/mariadbd-options/#-user).
    as_root start-stop-daemon --start --oknodo --background --exec "$daemon" -- --user=mysql
    wait_for "MariaDB" test -S /run/mysqld/mysqld.sock
    sleep 1
    if ! my_ok; then  # fresh install: root is socket-only; add the local TCP test login
      as_root "$(my_client)" -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
        GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
      # The server names a 127.0.0.1 client 'localhost' (it resolves host names), and a fresh
      # root@localhost accepts only unix_socket, which TCP cannot use: let it take the empty
      # test password too (https://mariadb.com/kb/en/authentication-from-mariadb-104/).
      as_root "$(my_client)" -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket
        OR mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" || true
      wait_for "MariaDB login" my_ok
    fi
  fi
  "$(my_client)" -h 127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS test'
  echo "schemakit: MariaDB ready at mysql://root@127.0.0.1:3306/test and mariadb://root@127.0.0.1:3306/test"
}

clients_up() {  # the native clients the tests pipe rendered DDL into
  local need=()
  command -v psql >/dev/null || need+=(postgresql-client)
  command -v mariadb >/dev/null || command -v mysql >/dev/null || need+=(mariadb-client)
  command -v sqlite3 >/dev/null || need+=(sqlite3)
  if [ ${#need[@]} -gt 0 ]; then echo "schemakit: installing ${need[*]} through apt-get" >&2; apt_install "${need[@]}"; fi
}

clients_up
postgres_up
mariadb_up
