-- A small independent bookshop's point-of-sale database, grown over years of a desktop
-- app: loose (non-STRICT) tables with the declared types people copy from other engines,
-- AUTOINCREMENT keys, COLLATE NOCASE, views and triggers.

PRAGMA foreign_keys = ON;

CREATE TABLE publisher (
    publisher_id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(120) NOT NULL COLLATE NOCASE,
    city VARCHAR(60),
    founded INT,
    UNIQUE (name)
);

CREATE TABLE author (
    author_id INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name VARCHAR(40) NOT NULL,
    last_name VARCHAR(40) NOT NULL COLLATE NOCASE,
    born DATE,
    died DATE,
    bio TEXT,
    CHECK (died IS NULL OR died >= born)
);
CREATE INDEX author_name ON author (last_name, first_name);

CREATE TABLE book (
    isbn CHAR(13) NOT NULL PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    publisher_id INTEGER REFERENCES publisher (publisher_id) ON UPDATE CASCADE ON DELETE SET NULL,
    published DATE,
    pages SMALLINT,
    price NUMERIC(10,2) NOT NULL DEFAULT 0,
    cover BLOB,
    in_print BOOLEAN NOT NULL DEFAULT 1,
    weight_grams UNSIGNED BIG INT,
    rating DOUBLE,
    added DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX book_title ON book (title COLLATE NOCASE);
CREATE INDEX book_publisher ON book (publisher_id);

CREATE TABLE book_author (
    isbn CHAR(13) NOT NULL REFERENCES book (isbn) ON UPDATE CASCADE ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES author (author_id) ON DELETE RESTRICT,
    role VARCHAR(20) NOT NULL DEFAULT 'author',
    PRIMARY KEY (isbn, author_id)
);

CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(100) NOT NULL,
    email VARCHAR(100) COLLATE NOCASE,
    phone VARCHAR(20),
    loyalty_points INT NOT NULL DEFAULT 0,
    joined DATETIME DEFAULT (datetime('now')),
    UNIQUE (email)
);

CREATE TABLE stock (
    isbn CHAR(13) NOT NULL PRIMARY KEY REFERENCES book (isbn) ON UPDATE CASCADE ON DELETE CASCADE,
    on_hand INT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    shelf VARCHAR(10),
    last_counted DATETIME
);

CREATE TABLE sale (
    sale_id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER REFERENCES customer (customer_id) ON DELETE SET NULL,
    sold_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    total NUMERIC(10,2) NOT NULL DEFAULT 0,
    payment VARCHAR(10) NOT NULL DEFAULT 'cash' CHECK (payment IN ('cash', 'card', 'voucher')),
    receipt BLOB
);
CREATE INDEX sale_customer ON sale (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE sale_line (
    sale_id INTEGER NOT NULL REFERENCES sale (sale_id) ON DELETE CASCADE,
    line_no INT NOT NULL,
    isbn CHAR(13) NOT NULL REFERENCES book (isbn) ON UPDATE CASCADE,
    quantity INT NOT NULL DEFAULT 1,
    unit_price NUMERIC(10,2) NOT NULL,
    discount REAL NOT NULL DEFAULT 0.0,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE special_order (
    order_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (customer_id),
    isbn CHAR(13) NOT NULL,
    requested TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    status TEXT NOT NULL DEFAULT 'requested',
    notified BOOLEAN DEFAULT 0
);
CREATE INDEX special_order_open ON special_order (isbn) WHERE status <> 'collected';

CREATE VIEW low_stock AS
    SELECT b.isbn, b.title, s.on_hand FROM book b JOIN stock s ON s.isbn = b.isbn WHERE s.on_hand < 2;

CREATE VIEW out_of_stock AS SELECT isbn, title FROM low_stock WHERE on_hand = 0;

CREATE TRIGGER sale_line_total AFTER INSERT ON sale_line
BEGIN
    UPDATE sale SET total = total + NEW.quantity * NEW.unit_price * (1 - NEW.discount) WHERE sale_id = NEW.sale_id;
    UPDATE stock SET on_hand = on_hand - NEW.quantity WHERE isbn = NEW.isbn;
END;
