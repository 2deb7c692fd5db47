-- Defaults, primary keys and unique constraints (SQLite, STRICT tables).

-- case: add_literal_default
-- current
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, status TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, status TEXT NOT NULL DEFAULT 'open') STRICT;

-- case: change_literal_default
-- current
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, priority INTEGER NOT NULL DEFAULT 3) STRICT;
-- desired
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, priority INTEGER NOT NULL DEFAULT 5) STRICT;

-- case: drop_default
-- current
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, status TEXT DEFAULT 'open') STRICT;
-- desired
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, status TEXT) STRICT;

-- case: negative_default
-- current
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, balance INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, balance INTEGER NOT NULL DEFAULT -1) STRICT;

-- case: text_default_with_quote
-- current
CREATE TABLE greeting (id INTEGER NOT NULL PRIMARY KEY, text TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE greeting (id INTEGER NOT NULL PRIMARY KEY, text TEXT NOT NULL DEFAULT 'it''s me') STRICT;

-- case: add_current_timestamp_default
-- current
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, created_at TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP) STRICT;

-- case: add_current_date_and_time_defaults
-- current
CREATE TABLE shift (id INTEGER NOT NULL PRIMARY KEY, day TEXT NOT NULL, starts TEXT) STRICT;
-- desired
CREATE TABLE shift (id INTEGER NOT NULL PRIMARY KEY, day TEXT NOT NULL DEFAULT CURRENT_DATE, starts TEXT DEFAULT current_time) STRICT;

-- case: current_timestamp_default_on_a_loose_text_column
-- current
CREATE TABLE visit (id INTEGER PRIMARY KEY, at TEXT);
-- desired
CREATE TABLE visit (id INTEGER PRIMARY KEY, at TEXT DEFAULT (CURRENT_TIMESTAMP), day DATE DEFAULT CURRENT_DATE);

-- case: add_primary_key
-- current
CREATE TABLE tag (name TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE tag (name TEXT NOT NULL PRIMARY KEY) STRICT;

-- case: drop_primary_key
-- current
CREATE TABLE tag (name TEXT NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE tag (name TEXT NOT NULL) STRICT;

-- case: change_primary_key_column
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL, email TEXT NOT NULL PRIMARY KEY) STRICT;

-- case: widen_primary_key_to_composite
-- current
CREATE TABLE enrolment (student_id INTEGER NOT NULL PRIMARY KEY, course_id INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE enrolment (student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, PRIMARY KEY (student_id, course_id)) STRICT;

-- case: reorder_composite_primary_key
-- current
CREATE TABLE enrolment (student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, PRIMARY KEY (student_id, course_id)) STRICT;
-- desired
CREATE TABLE enrolment (student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, PRIMARY KEY (course_id, student_id)) STRICT;

-- case: add_unique_constraint
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL, CONSTRAINT member_email_key UNIQUE (email)) STRICT;

-- case: drop_unique_constraint
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL, CONSTRAINT member_email_key UNIQUE (email)) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;

-- case: add_multi_column_unique
-- current
CREATE TABLE seat (id INTEGER NOT NULL PRIMARY KEY, hall TEXT NOT NULL, row_no INTEGER NOT NULL, seat_no INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE seat (id INTEGER NOT NULL PRIMARY KEY, hall TEXT NOT NULL, row_no INTEGER NOT NULL, seat_no INTEGER NOT NULL, CONSTRAINT seat_place_key UNIQUE (hall, row_no, seat_no)) STRICT;

-- case: change_unique_columns
-- current
CREATE TABLE seat (id INTEGER NOT NULL PRIMARY KEY, hall TEXT NOT NULL, seat_no INTEGER NOT NULL, CONSTRAINT seat_place_key UNIQUE (seat_no)) STRICT;
-- desired
CREATE TABLE seat (id INTEGER NOT NULL PRIMARY KEY, hall TEXT NOT NULL, seat_no INTEGER NOT NULL, CONSTRAINT seat_place_key UNIQUE (hall, seat_no)) STRICT;

-- case: primary_key_mixed_case
-- current
CREATE TABLE "Country" ("IsoCode" TEXT NOT NULL, "Name" TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE "Country" ("IsoCode" TEXT NOT NULL PRIMARY KEY, "Name" TEXT NOT NULL, CONSTRAINT "Country_Name_key" UNIQUE ("Name")) STRICT;
