"""Views for tests/test_views.py: one portable model, its rows and the rows its views must return on
every engine, per-engine hand edits for drift, and a hostile view name."""
from __future__ import annotations

from schemakit import INTEGER, Schema, col, fk, table, varchar, view

customer = table("customer", col("id", INTEGER), col("name", varchar(40), null=False),
                 col("region", varchar(10), null=False), pk="id")
orders = table("orders", col("id", INTEGER), col("customer_id", INTEGER, null=False),
               col("amount", INTEGER, null=False), col("status", varchar(10), null=False),
               fk("customer_id", "customer"), pk="id")

# written for PostgreSQL: a join, a WHERE and a GROUP BY; a view over it; a materialized view over both
SPEND = view("spend", "SELECT c.region, c.name, sum(o.amount) AS total, count(*) AS n FROM customer c "
                      "JOIN orders o ON o.customer_id = c.id WHERE o.status <> 'void' GROUP BY c.region, c.name")
REGIONS = view("region_spend", "SELECT region, sum(total) AS total FROM spend WHERE n > 1 GROUP BY region")
TOTALS = view("grand_total", "SELECT sum(total) AS total FROM region_spend", materialized=True)
PORTABLE = Schema((customer, orders), (TOTALS, REGIONS, SPEND))  # out of order on purpose

ROWS = {
    "customer": [(1, "ann", "north"), (2, "bob", "north"), (3, "cy", "south"), (4, "di", "east")],
    "orders": [(1, 1, 10, "paid"), (2, 1, 15, "paid"), (3, 2, 7, "void"), (4, 2, 3, "paid"), (5, 2, 4, "paid"),
               (6, 3, 100, "paid"), (7, 4, 9, "void")],
}
# (view, ORDER BY, the rows it returns), the same on every engine
EXPECTED = [
    ("spend", "region, name", [("north", "ann", 25, 2), ("north", "bob", 7, 2), ("south", "cy", 100, 1)]),
    ("region_spend", "region", [("north", 32)]),
    ("grand_total", "total", [(32,)]),
]

# A view over a view written for the engine itself, for the inspect round trip
NATIVE = {
    "postgres": "SELECT region, count(*) AS n FROM customer GROUP BY region",
    "mariadb": "SELECT region, count(*) AS n FROM customer GROUP BY region",
    "sqlite": "SELECT region, count(*) AS n FROM customer GROUP BY region",
}

# The same view written by hand in the database with another WHERE: drift must report it
EDITED = {
    "postgres": "CREATE OR REPLACE VIEW spend AS SELECT c.region, c.name, sum(o.amount) AS total, count(*) AS n "
                "FROM customer c JOIN orders o ON o.customer_id = c.id GROUP BY c.region, c.name",
    "mariadb": "CREATE OR REPLACE VIEW spend AS SELECT c.region, c.name, sum(o.amount) AS total, count(*) AS n "
               "FROM customer c JOIN orders o ON o.customer_id = c.id GROUP BY c.region, c.name",
    "sqlite": "CREATE VIEW spend AS SELECT c.region, c.name, sum(o.amount) AS total, count(*) AS n "
              "FROM customer c JOIN orders o ON o.customer_id = c.id GROUP BY c.region, c.name",
}  # SQLite has no OR REPLACE: the test drops the view first

HOSTILE = "we\"ird`v'iew; --"

# Joins spelled INNER JOIN and LEFT OUTER JOIN (sakila for SQLite writes them so), in views written for each
# engine: created from the model, drift finds nothing (MariaDB stores INNER JOIN as join).
JOIN_SPELLINGS = [
    view(f"paid_{origin}", "SELECT c.name, o.amount FROM customer AS c INNER JOIN orders AS o ON o.customer_id = c.id "
                           "LEFT OUTER JOIN customer AS same ON same.id = c.id WHERE o.status = 'paid'", origin)
    for origin in ("sqlite", "postgres", "mysql")]
