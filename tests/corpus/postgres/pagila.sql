-- Reduced from pagila (github.com/devrimgunduz/pagila, pagila-schema.sql), the PostgreSQL port of
-- MySQL's sakila, as pg_dump wrote it: sequences and nextval() defaults, keys added afterwards with
-- ALTER TABLE ONLY, the domain "year", an enum, text[] and tsvector with a GiST index, a payment
-- child table made by INHERITS, an aggregate, a trigger and a view. It exercises
-- DEFAULT ('now'::text)::date, the idiom of the port for "today" (a cast at insert time, not a constant).
SET standard_conforming_strings = on;
SET search_path = public, pg_catalog;
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE DOMAIN year AS integer
	CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
CREATE FUNCTION _group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $_$ SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END $_$;
CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);
CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN NEW.last_update = CURRENT_TIMESTAMP; RETURN NEW; END $$;
CREATE SEQUENCE customer_customer_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
CREATE TABLE customer (
    customer_id integer DEFAULT nextval('customer_customer_id_seq'::regclass) NOT NULL,
    store_id smallint NOT NULL,
    first_name character varying(45) NOT NULL,
    email character varying(50),
    address_id smallint NOT NULL,
    activebool boolean DEFAULT true NOT NULL,
    create_date date DEFAULT ('now'::text)::date NOT NULL,
    last_update timestamp without time zone DEFAULT now(),
    active integer
);
CREATE TABLE actor (actor_id integer NOT NULL, last_name character varying(45) NOT NULL,
    last_update timestamp without time zone DEFAULT now() NOT NULL);
CREATE TABLE language (language_id integer NOT NULL, name character(20) NOT NULL,
    last_update timestamp without time zone DEFAULT now() NOT NULL);
CREATE TABLE film (
    film_id integer NOT NULL,
    title character varying(255) NOT NULL,
    release_year year,
    language_id smallint NOT NULL,
    rental_rate numeric(4,2) DEFAULT 4.99 NOT NULL,
    rating mpaa_rating DEFAULT 'G'::mpaa_rating,
    special_features text[],
    fulltext tsvector NOT NULL
);
CREATE TABLE film_actor (actor_id smallint NOT NULL, film_id smallint NOT NULL,
    last_update timestamp without time zone DEFAULT now() NOT NULL);
CREATE TABLE address (address_id integer NOT NULL, address character varying(50) NOT NULL,
    postal_code character varying(10), phone character varying(20) NOT NULL);
CREATE TABLE store (store_id integer NOT NULL, manager_staff_id smallint NOT NULL, address_id smallint NOT NULL);
CREATE TABLE payment (payment_id integer NOT NULL, customer_id smallint NOT NULL, rental_id integer NOT NULL,
    amount numeric(5,2) NOT NULL, payment_date timestamp without time zone NOT NULL);
CREATE TABLE payment_p2015_01 (
    CONSTRAINT payment_p2015_01_payment_date_check CHECK (((payment_date >= '2015-01-01 00:00:00'::timestamp without time zone) AND (payment_date < '2015-02-01 00:00:00'::timestamp without time zone)))
)
INHERITS (payment);
CREATE VIEW actor_names AS SELECT group_concat((a.last_name)::text) AS names FROM actor a;
ALTER TABLE ONLY actor ADD CONSTRAINT actor_pkey PRIMARY KEY (actor_id);
ALTER TABLE ONLY address ADD CONSTRAINT address_pkey PRIMARY KEY (address_id);
ALTER TABLE ONLY customer ADD CONSTRAINT customer_pkey PRIMARY KEY (customer_id);
ALTER TABLE ONLY film_actor ADD CONSTRAINT film_actor_pkey PRIMARY KEY (actor_id, film_id);
ALTER TABLE ONLY film ADD CONSTRAINT film_pkey PRIMARY KEY (film_id);
ALTER TABLE ONLY language ADD CONSTRAINT language_pkey PRIMARY KEY (language_id);
ALTER TABLE ONLY payment ADD CONSTRAINT payment_pkey PRIMARY KEY (payment_id);
ALTER TABLE ONLY store ADD CONSTRAINT store_pkey PRIMARY KEY (store_id);
CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);
CREATE INDEX idx_actor_last_name ON actor USING btree (last_name);
CREATE UNIQUE INDEX idx_unq_manager_staff_id ON store USING btree (manager_staff_id);
CREATE INDEX idx_fk_payment_p2015_01_customer_id ON payment_p2015_01 USING btree (customer_id);
CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE PROCEDURE last_updated();
ALTER TABLE ONLY customer ADD CONSTRAINT customer_address_id_fkey FOREIGN KEY (address_id) REFERENCES address(address_id) ON UPDATE CASCADE ON DELETE RESTRICT;
ALTER TABLE ONLY customer ADD CONSTRAINT customer_store_id_fkey FOREIGN KEY (store_id) REFERENCES store(store_id) ON UPDATE CASCADE ON DELETE RESTRICT;
ALTER TABLE ONLY film_actor ADD CONSTRAINT film_actor_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES actor(actor_id) ON UPDATE CASCADE ON DELETE RESTRICT;
ALTER TABLE ONLY film_actor ADD CONSTRAINT film_actor_film_id_fkey FOREIGN KEY (film_id) REFERENCES film(film_id) ON UPDATE CASCADE ON DELETE RESTRICT;
ALTER TABLE ONLY film ADD CONSTRAINT film_language_id_fkey FOREIGN KEY (language_id) REFERENCES language(language_id) ON UPDATE CASCADE ON DELETE RESTRICT;
ALTER TABLE ONLY payment ADD CONSTRAINT payment_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer(customer_id) ON UPDATE CASCADE ON DELETE RESTRICT;
ALTER TABLE ONLY payment_p2015_01 ADD CONSTRAINT payment_p2015_01_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer(customer_id);
ALTER TABLE ONLY store ADD CONSTRAINT store_address_id_fkey FOREIGN KEY (address_id) REFERENCES address(address_id) ON UPDATE CASCADE ON DELETE RESTRICT;
