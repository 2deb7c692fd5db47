"""Tables that are not schemakit's, per engine: what an existing database brings along.

Each holds rows and a type the model cannot express (PostgreSQL bytea and money, MariaDB
YEAR and an unsigned integer, SQLite a non-STRICT table with a free-form type), so a
command that read them as the model would fail, and one that dropped them would lose rows.
"""
LEGACY = {
    "postgres": ['CREATE TABLE "legacy" ("id" INT PRIMARY KEY, "blob" BYTEA, "price" MONEY)',
                 "INSERT INTO \"legacy\" VALUES (1, '\\x0102', 1.5), (2, NULL, 2)"],
    "mysql": ["CREATE TABLE `legacy` (`id` INT UNSIGNED PRIMARY KEY, `blob` BLOB, `made` YEAR)",
              "INSERT INTO `legacy` VALUES (1, x'0102', 2001), (2, NULL, 2002)"],
    "sqlite": ['CREATE TABLE "legacy" ("id" INTEGER PRIMARY KEY, "blob" WHATEVER, "price" MONEY)',
               "INSERT INTO \"legacy\" VALUES (1, x'0102', 1.5), (2, NULL, 2)"],
}

# The rows `LEGACY` leaves, as (id,) tuples in id order: what must still be there after any command.
LEGACY_IDS = [(1,), (2,)]
