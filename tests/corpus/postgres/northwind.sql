-- Reduced from Northwind for PostgreSQL (github.com/pthom/northwind_psql, northwind.sql), the Access
-- sample database as a pg_dump of 2015 wrote it: bare bpchar keys (blank-padded text of any length,
-- which the model has no type for: read as text, SKIP-TYPE-NEAREST), real for money, bytea pictures
-- with '\x' data, DROP TABLE IF EXISTS, keys and foreign keys added afterwards, and foreign keys
-- naming only the referenced table (its primary key is meant).
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET default_tablespace = '';
SET default_with_oids = false;
DROP TABLE IF EXISTS customer_customer_demo;
DROP TABLE IF EXISTS customers;
CREATE TABLE categories (category_id smallint NOT NULL, category_name character varying(15) NOT NULL, description text, picture bytea);
CREATE TABLE customer_customer_demo (customer_id bpchar NOT NULL, customer_type_id bpchar NOT NULL);
CREATE TABLE customer_demographics (customer_type_id bpchar NOT NULL, customer_desc text);
CREATE TABLE customers (customer_id bpchar NOT NULL, company_name character varying(40) NOT NULL, contact_name character varying(30), country character varying(15), phone character varying(24));
CREATE TABLE employees (employee_id smallint NOT NULL, last_name character varying(20) NOT NULL, birth_date date, photo bytea, notes text, reports_to smallint, photo_path character varying(255));
CREATE TABLE employee_territories (employee_id smallint NOT NULL, territory_id character varying(20) NOT NULL);
CREATE TABLE order_details (order_id smallint NOT NULL, product_id smallint NOT NULL, unit_price real NOT NULL, quantity smallint NOT NULL, discount real NOT NULL);
CREATE TABLE orders (order_id smallint NOT NULL, customer_id bpchar, employee_id smallint, order_date date, freight real, ship_name character varying(40));
CREATE TABLE products (product_id smallint NOT NULL, product_name character varying(40) NOT NULL, unit_price real, discontinued integer NOT NULL);
CREATE TABLE region (region_id smallint NOT NULL, region_description bpchar NOT NULL);
CREATE TABLE territories (territory_id character varying(20) NOT NULL, territory_description bpchar NOT NULL, region_id smallint NOT NULL);
INSERT INTO categories VALUES (1, 'Beverages', 'Soft drinks, coffees, teas, beers, and ales', '\x');
INSERT INTO customers VALUES ('ALFKI', 'Alfreds Futterkiste', 'Maria Anders', 'Germany', '030-0074321');
INSERT INTO region VALUES (1, 'Eastern');
ALTER TABLE ONLY categories ADD CONSTRAINT pk_categories PRIMARY KEY (category_id);
ALTER TABLE ONLY customer_customer_demo ADD CONSTRAINT pk_customer_customer_demo PRIMARY KEY (customer_id, customer_type_id);
ALTER TABLE ONLY customer_demographics ADD CONSTRAINT pk_customer_demographics PRIMARY KEY (customer_type_id);
ALTER TABLE ONLY customers ADD CONSTRAINT pk_customers PRIMARY KEY (customer_id);
ALTER TABLE ONLY employees ADD CONSTRAINT pk_employees PRIMARY KEY (employee_id);
ALTER TABLE ONLY employee_territories ADD CONSTRAINT pk_employee_territories PRIMARY KEY (employee_id, territory_id);
ALTER TABLE ONLY order_details ADD CONSTRAINT pk_order_details PRIMARY KEY (order_id, product_id);
ALTER TABLE ONLY orders ADD CONSTRAINT pk_orders PRIMARY KEY (order_id);
ALTER TABLE ONLY products ADD CONSTRAINT pk_products PRIMARY KEY (product_id);
ALTER TABLE ONLY region ADD CONSTRAINT pk_region PRIMARY KEY (region_id);
ALTER TABLE ONLY territories ADD CONSTRAINT pk_territories PRIMARY KEY (territory_id);
ALTER TABLE ONLY orders ADD CONSTRAINT fk_orders_customers FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE ONLY orders ADD CONSTRAINT fk_orders_employees FOREIGN KEY (employee_id) REFERENCES employees;
ALTER TABLE ONLY order_details ADD CONSTRAINT fk_order_details_products FOREIGN KEY (product_id) REFERENCES products;
ALTER TABLE ONLY order_details ADD CONSTRAINT fk_order_details_orders FOREIGN KEY (order_id) REFERENCES orders;
ALTER TABLE ONLY customer_customer_demo ADD CONSTRAINT fk_customer_customer_demo_customer_demographics FOREIGN KEY (customer_type_id) REFERENCES customer_demographics;
ALTER TABLE ONLY customer_customer_demo ADD CONSTRAINT fk_customer_customer_demo_customers FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE ONLY employees ADD CONSTRAINT fk_employees_employees FOREIGN KEY (reports_to) REFERENCES employees;
ALTER TABLE ONLY employee_territories ADD CONSTRAINT fk_employee_territories_territories FOREIGN KEY (territory_id) REFERENCES territories;
ALTER TABLE ONLY territories ADD CONSTRAINT fk_territories_region FOREIGN KEY (region_id) REFERENCES region;
