-- A DVD-rental store: films, stock in stores, customers, rentals and payments.
-- Written the way a PostgreSQL shop writes it: serials, a domain, an enum, arrays,
-- a full-text column kept fresh by a trigger, views and a materialized view, and the
-- payments table partitioned by month-ish ranges with a DEFAULT partition.

CREATE DOMAIN year_released AS integer
    CONSTRAINT year_released_check CHECK (VALUE >= 1901 AND VALUE <= 2155);

CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');

CREATE SEQUENCE receipt_number_seq START 1000 INCREMENT 1;

CREATE FUNCTION touch_last_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update := now();
    RETURN NEW;
END
$$;

CREATE TABLE country (
    country_id serial PRIMARY KEY,
    country varchar(50) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now()
);

CREATE TABLE city (
    city_id serial PRIMARY KEY,
    city varchar(50) NOT NULL,
    country_id smallint NOT NULL REFERENCES country (country_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp NOT NULL DEFAULT now()
);
CREATE INDEX idx_fk_country_id ON city (country_id);

CREATE TABLE address (
    address_id serial PRIMARY KEY,
    address varchar(50) NOT NULL,
    address2 varchar(50),
    district varchar(20) NOT NULL,
    city_id smallint NOT NULL REFERENCES city (city_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    postal_code varchar(10),
    phone varchar(20) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now()
);
CREATE INDEX idx_fk_city_id ON address (city_id);

CREATE TABLE language (
    language_id serial PRIMARY KEY,
    name character(20) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now()
);

CREATE TABLE category (
    category_id serial PRIMARY KEY,
    name varchar(25) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now()
);

CREATE TABLE actor (
    actor_id serial PRIMARY KEY,
    first_name varchar(45) NOT NULL,
    last_name varchar(45) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now()
);
CREATE INDEX idx_actor_last_name ON actor (last_name);

CREATE TABLE film (
    film_id serial PRIMARY KEY,
    title varchar(255) NOT NULL,
    description text,
    release_year year_released,
    language_id smallint NOT NULL REFERENCES language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    original_language_id smallint REFERENCES language (language_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_duration smallint NOT NULL DEFAULT 3,
    rental_rate numeric(4,2) NOT NULL DEFAULT 4.99,
    length smallint,
    replacement_cost numeric(5,2) NOT NULL DEFAULT 19.99,
    rating mpaa_rating DEFAULT 'G',
    special_features text[],
    fulltext tsvector NOT NULL DEFAULT ''::tsvector,
    poster bytea,
    last_update timestamp NOT NULL DEFAULT now(),
    CONSTRAINT film_rental_rate_check CHECK (rental_rate >= 0)
);
CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);
CREATE INDEX idx_title ON film (title);
CREATE INDEX idx_lower_title ON film (lower(title));
CREATE INDEX idx_fk_language_id ON film (language_id);
COMMENT ON TABLE film IS 'Every title the chain has ever stocked';
COMMENT ON COLUMN film.rental_duration IS 'Days a rental lasts before a late fee';

CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON film
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'pg_catalog.english', title, description);
CREATE TRIGGER film_last_update BEFORE UPDATE ON film
    FOR EACH ROW EXECUTE FUNCTION touch_last_update();

CREATE TABLE film_actor (
    actor_id smallint NOT NULL REFERENCES actor (actor_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    film_id smallint NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, film_id)
);
CREATE INDEX idx_fk_film_id ON film_actor (film_id);

CREATE TABLE film_category (
    film_id smallint NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    category_id smallint NOT NULL REFERENCES category (category_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp NOT NULL DEFAULT now(),
    PRIMARY KEY (film_id, category_id)
);

CREATE TABLE store (
    store_id serial PRIMARY KEY,
    manager_staff_id smallint NOT NULL,
    address_id smallint NOT NULL REFERENCES address (address_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_unq_manager_staff_id ON store (manager_staff_id);

CREATE TABLE staff (
    staff_id serial PRIMARY KEY,
    first_name varchar(45) NOT NULL,
    last_name varchar(45) NOT NULL,
    address_id smallint NOT NULL REFERENCES address (address_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    email varchar(50),
    store_id smallint NOT NULL REFERENCES store (store_id),
    active boolean NOT NULL DEFAULT true,
    username varchar(16) NOT NULL,
    password varchar(40),
    picture bytea,
    last_update timestamp NOT NULL DEFAULT now()
);

CREATE TABLE customer (
    customer_id serial PRIMARY KEY,
    store_id smallint NOT NULL REFERENCES store (store_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    first_name varchar(45) NOT NULL,
    last_name varchar(45) NOT NULL,
    email varchar(50),
    address_id smallint NOT NULL REFERENCES address (address_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    activebool boolean NOT NULL DEFAULT true,
    create_date date NOT NULL DEFAULT CURRENT_DATE,
    last_update timestamp DEFAULT now(),
    active integer
);
CREATE INDEX idx_last_name ON customer (last_name);
CREATE INDEX idx_active_customer ON customer (store_id) WHERE activebool;

CREATE TABLE inventory (
    inventory_id serial PRIMARY KEY,
    film_id smallint NOT NULL REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    store_id smallint NOT NULL REFERENCES store (store_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp NOT NULL DEFAULT now()
);
CREATE INDEX idx_store_id_film_id ON inventory (store_id, film_id);

CREATE TABLE rental (
    rental_id serial PRIMARY KEY,
    rental_date timestamp NOT NULL,
    inventory_id integer NOT NULL REFERENCES inventory (inventory_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    customer_id smallint NOT NULL REFERENCES customer (customer_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    return_date timestamp,
    staff_id smallint NOT NULL REFERENCES staff (staff_id),
    last_update timestamp NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_unq_rental_rental_date_inventory_id_customer_id
    ON rental (rental_date, inventory_id, customer_id);

CREATE TABLE payment (
    payment_id serial NOT NULL,
    receipt_no integer NOT NULL DEFAULT nextval('receipt_number_seq'),
    customer_id smallint NOT NULL REFERENCES customer (customer_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    staff_id smallint NOT NULL REFERENCES staff (staff_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_id integer NOT NULL REFERENCES rental (rental_id) ON UPDATE CASCADE ON DELETE SET NULL,
    amount numeric(5,2) NOT NULL,
    payment_date timestamp NOT NULL,
    PRIMARY KEY (payment_date, payment_id)
) PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p2022_01 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
CREATE TABLE payment_p2022_02 PARTITION OF payment FOR VALUES FROM ('2022-02-01') TO ('2022-03-15');
CREATE TABLE payment_p2022_rest PARTITION OF payment FOR VALUES FROM ('2022-03-15') TO ('2023-01-01');
CREATE TABLE payment_default PARTITION OF payment DEFAULT;
CREATE INDEX idx_fk_payment_customer ON payment (customer_id);

CREATE VIEW customer_list AS
SELECT cu.customer_id AS id, cu.first_name || ' ' || cu.last_name AS name, a.address, a.phone, city.city,
       country.country, cu.store_id AS sid
  FROM customer cu
  JOIN address a ON cu.address_id = a.address_id
  JOIN city ON a.city_id = city.city_id
  JOIN country ON city.country_id = country.country_id;

CREATE VIEW customers_by_country AS
SELECT country, count(*) AS customers FROM customer_list GROUP BY country;

CREATE VIEW film_list AS
SELECT film.film_id AS fid, film.title, category.name AS category, film.rental_rate AS price, film.rating
  FROM category
  JOIN film_category ON category.category_id = film_category.category_id
  JOIN film ON film_category.film_id = film.film_id;

CREATE MATERIALIZED VIEW rental_by_category AS
SELECT c.name AS category, sum(p.amount) AS total_sales
  FROM payment p
  JOIN rental r ON p.rental_id = r.rental_id
  JOIN inventory i ON r.inventory_id = i.inventory_id
  JOIN film_category fc ON i.film_id = fc.film_id
  JOIN category c ON fc.category_id = c.category_id
 GROUP BY c.name
WITH NO DATA;
