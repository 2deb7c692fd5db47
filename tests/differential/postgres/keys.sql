-- Primary keys and unique constraints (PostgreSQL).

-- case: add_primary_key
-- current
CREATE TABLE tag (name text NOT NULL);
-- desired
CREATE TABLE tag (name text NOT NULL PRIMARY KEY);

-- case: drop_primary_key
-- current
CREATE TABLE tag (name text PRIMARY KEY);
-- desired
CREATE TABLE tag (name text NOT NULL);

-- case: change_primary_key_column
-- current
CREATE TABLE member (id integer NOT NULL PRIMARY KEY, email text NOT NULL);
-- desired
CREATE TABLE member (id integer NOT NULL, email text NOT NULL PRIMARY KEY);

-- case: widen_primary_key_to_composite
-- current
CREATE TABLE enrolment (student_id integer NOT NULL PRIMARY KEY, course_id integer NOT NULL);
-- desired
CREATE TABLE enrolment (student_id integer NOT NULL, course_id integer NOT NULL, PRIMARY KEY (student_id, course_id));

-- case: reorder_composite_primary_key
-- current
CREATE TABLE enrolment (student_id integer NOT NULL, course_id integer NOT NULL, PRIMARY KEY (student_id, course_id));
-- desired
CREATE TABLE enrolment (student_id integer NOT NULL, course_id integer NOT NULL, PRIMARY KEY (course_id, student_id));

-- case: add_unique_constraint
-- current
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL, CONSTRAINT member_email_key UNIQUE (email));

-- case: drop_unique_constraint
-- current
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL UNIQUE);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);

-- case: add_multi_column_unique
-- current
CREATE TABLE seat (id integer PRIMARY KEY, hall text NOT NULL, row_no integer NOT NULL, seat_no integer NOT NULL);
-- desired
CREATE TABLE seat (id integer PRIMARY KEY, hall text NOT NULL, row_no integer NOT NULL, seat_no integer NOT NULL, CONSTRAINT seat_place_key UNIQUE (hall, row_no, seat_no));

-- case: change_unique_columns
-- current
CREATE TABLE seat (id integer PRIMARY KEY, hall text NOT NULL, seat_no integer NOT NULL, CONSTRAINT seat_place_key UNIQUE (seat_no));
-- desired
CREATE TABLE seat (id integer PRIMARY KEY, hall text NOT NULL, seat_no integer NOT NULL, CONSTRAINT seat_place_key UNIQUE (hall, seat_no));

-- case: primary_key_mixed_case
-- current
CREATE TABLE "Country" ("IsoCode" varchar(2) NOT NULL, "Name" text NOT NULL);
-- desired
CREATE TABLE "Country" ("IsoCode" varchar(2) NOT NULL PRIMARY KEY, "Name" text NOT NULL UNIQUE);

-- case: exclusion_added_over_a_range
-- current
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tsrange NOT NULL);
-- desired
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tsrange NOT NULL,
  CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));

-- case: exclusion_with_a_scalar_needs_btree_gist
-- current
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tsrange NOT NULL);
-- desired
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tsrange NOT NULL,
  CONSTRAINT booking_room_free EXCLUDE USING gist (room WITH =, during WITH &&));

-- case: exclusion_dropped
-- current
CREATE TABLE booking (id integer PRIMARY KEY, during tsrange NOT NULL,
  CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));
-- desired
CREATE TABLE booking (id integer PRIMARY KEY, during tsrange NOT NULL);

-- case: exclusion_predicate_changed
-- current
CREATE TABLE ban (id integer PRIMARY KEY, during tstzrange NOT NULL, reason text,
  CONSTRAINT ban_during_excl EXCLUDE USING gist (during WITH &&) WHERE (reason IS NOT NULL));
-- desired
CREATE TABLE ban (id integer PRIMARY KEY, during tstzrange NOT NULL, reason text,
  CONSTRAINT ban_during_excl EXCLUDE USING gist (during WITH &&) WHERE (reason IS NOT NULL AND reason <> ''));

-- case: exclusion_over_an_expression_with_a_mixed_case_name
-- current
CREATE TABLE "Slot" ("Id" integer PRIMARY KEY, starts timestamp NOT NULL, ends timestamp NOT NULL);
-- desired
CREATE TABLE "Slot" ("Id" integer PRIMARY KEY, starts timestamp NOT NULL, ends timestamp NOT NULL,
  CONSTRAINT "Slot No Overlap" EXCLUDE USING gist (tsrange(starts, ends) WITH &&));
