-- A digital music store (artists, albums, tracks, playlists, customers, invoices),
-- the way a MariaDB shop writes it: InnoDB, utf8mb4_unicode_ci by default, a latin1
-- legacy table, unsigned keys, FULLTEXT search, a view and triggers.

SET NAMES utf8mb4;

CREATE TABLE artist (
  artist_id int unsigned NOT NULL AUTO_INCREMENT,
  name varchar(120) NOT NULL,
  sort_name varchar(120) DEFAULT NULL,
  country char(2) DEFAULT NULL,
  formed year(4) DEFAULT NULL,
  PRIMARY KEY (artist_id),
  KEY idx_artist_sort (sort_name),
  FULLTEXT KEY ft_artist_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE genre (
  genre_id tinyint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(60) NOT NULL,
  PRIMARY KEY (genre_id),
  UNIQUE KEY uq_genre_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE media_type (
  media_type_id tinyint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(60) NOT NULL,
  lossless tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (media_type_id)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

CREATE TABLE album (
  album_id int unsigned NOT NULL AUTO_INCREMENT,
  title varchar(160) NOT NULL,
  artist_id int unsigned NOT NULL,
  released date DEFAULT NULL,
  label varchar(80) COLLATE utf8mb4_general_ci DEFAULT NULL,
  cover mediumblob,
  PRIMARY KEY (album_id),
  KEY fk_album_artist (artist_id),
  CONSTRAINT fk_album_artist FOREIGN KEY (artist_id) REFERENCES artist (artist_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE track (
  track_id int unsigned NOT NULL AUTO_INCREMENT,
  name varchar(200) NOT NULL,
  album_id int unsigned DEFAULT NULL,
  media_type_id tinyint unsigned NOT NULL,
  genre_id tinyint unsigned DEFAULT NULL,
  composer varchar(220) DEFAULT NULL,
  milliseconds int unsigned NOT NULL,
  bytes int unsigned DEFAULT NULL,
  unit_price decimal(10,2) NOT NULL DEFAULT 0.99,
  bpm smallint unsigned DEFAULT NULL,
  loudness float DEFAULT NULL,
  explicit tinyint(1) NOT NULL DEFAULT 0,
  stars tinyint unsigned DEFAULT NULL COMMENT 'listener rating, 0 to 5' CHECK (stars <= 5),
  isrc char(12) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
  PRIMARY KEY (track_id),
  KEY fk_track_album (album_id),
  KEY fk_track_genre (genre_id),
  KEY fk_track_media (media_type_id),
  FULLTEXT KEY ft_track (name, composer),
  CONSTRAINT fk_track_album FOREIGN KEY (album_id) REFERENCES album (album_id) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT fk_track_genre FOREIGN KEY (genre_id) REFERENCES genre (genre_id) ON UPDATE CASCADE,
  CONSTRAINT fk_track_media FOREIGN KEY (media_type_id) REFERENCES media_type (media_type_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE employee (
  employee_id smallint unsigned NOT NULL AUTO_INCREMENT,
  last_name varchar(20) NOT NULL,
  first_name varchar(20) NOT NULL,
  title varchar(30) DEFAULT NULL,
  reports_to smallint unsigned DEFAULT NULL,
  birth_date date DEFAULT NULL,
  hire_date datetime DEFAULT NULL,
  email varchar(60) DEFAULT NULL,
  PRIMARY KEY (employee_id),
  CONSTRAINT chk_employee_dates CHECK (hire_date IS NULL OR birth_date IS NULL OR hire_date > birth_date),
  KEY fk_employee_reports_to (reports_to),
  CONSTRAINT fk_employee_reports_to FOREIGN KEY (reports_to) REFERENCES employee (employee_id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customer (
  customer_id int unsigned NOT NULL AUTO_INCREMENT,
  first_name varchar(40) NOT NULL,
  last_name varchar(40) NOT NULL,
  company varchar(80) DEFAULT NULL,
  country varchar(40) DEFAULT NULL,
  email varchar(60) NOT NULL,
  support_rep_id smallint unsigned DEFAULT NULL,
  created_at timestamp NOT NULL DEFAULT current_timestamp(),
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (customer_id),
  UNIQUE KEY uq_customer_email (email),
  KEY fk_customer_rep (support_rep_id),
  CONSTRAINT fk_customer_rep FOREIGN KEY (support_rep_id) REFERENCES employee (employee_id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='People who buy music';

CREATE TABLE invoice (
  invoice_id int unsigned NOT NULL AUTO_INCREMENT,
  customer_id int unsigned NOT NULL,
  invoice_date datetime NOT NULL,
  billing_country varchar(40) DEFAULT NULL,
  total decimal(10,2) NOT NULL,
  PRIMARY KEY (invoice_id),
  KEY fk_invoice_customer (customer_id),
  CONSTRAINT fk_invoice_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE invoice_line (
  invoice_line_id int unsigned NOT NULL AUTO_INCREMENT,
  invoice_id int unsigned NOT NULL,
  track_id int unsigned NOT NULL,
  unit_price decimal(10,2) NOT NULL,
  quantity smallint unsigned NOT NULL DEFAULT 1,
  PRIMARY KEY (invoice_line_id),
  KEY fk_line_invoice (invoice_id),
  KEY fk_line_track (track_id),
  CONSTRAINT fk_line_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (invoice_id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT fk_line_track FOREIGN KEY (track_id) REFERENCES track (track_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE playlist (
  playlist_id int unsigned NOT NULL AUTO_INCREMENT,
  name varchar(120) NOT NULL,
  owner_id int unsigned DEFAULT NULL,
  is_public tinyint(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (playlist_id),
  CONSTRAINT fk_playlist_owner FOREIGN KEY (owner_id) REFERENCES customer (customer_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE playlist_track (
  playlist_id int unsigned NOT NULL,
  track_id int unsigned NOT NULL,
  position smallint unsigned NOT NULL,
  added_at datetime(3) NOT NULL DEFAULT current_timestamp(3),
  PRIMARY KEY (playlist_id, track_id),
  KEY fk_pt_track (track_id),
  CONSTRAINT fk_pt_playlist FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id) ON DELETE CASCADE,
  CONSTRAINT fk_pt_track FOREIGN KEY (track_id) REFERENCES track (track_id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE VIEW album_summary AS
SELECT a.album_id, a.title, ar.name AS artist, COUNT(t.track_id) AS tracks, SUM(t.milliseconds) AS length_ms
  FROM album a JOIN artist ar ON ar.artist_id = a.artist_id LEFT JOIN track t ON t.album_id = a.album_id
 GROUP BY a.album_id, a.title, ar.name;

DELIMITER ;;
CREATE TRIGGER invoice_line_total AFTER INSERT ON invoice_line FOR EACH ROW
BEGIN
  UPDATE invoice SET total = total + NEW.unit_price * NEW.quantity WHERE invoice_id = NEW.invoice_id;
END;;
CREATE TRIGGER invoice_line_total_del AFTER DELETE ON invoice_line FOR EACH ROW
BEGIN
  UPDATE invoice SET total = total - OLD.unit_price * OLD.quantity WHERE invoice_id = OLD.invoice_id;
END;;
DELIMITER ;
