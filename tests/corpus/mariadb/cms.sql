-- A content management system (sites, users, posts with revisions, taxonomy, comments,
-- media, options), in the style of the big PHP CMSes on MariaDB: bigint unsigned keys,
-- utf8mb4_unicode_ci everywhere but a latin1 options table, a FULLTEXT index for search,
-- YEAR and time(3) columns, an expression default and a trigger.

CREATE TABLE site (
  site_id smallint unsigned NOT NULL AUTO_INCREMENT,
  domain varchar(200) NOT NULL,
  path varchar(100) NOT NULL DEFAULT '/',
  registered datetime NOT NULL DEFAULT '2000-01-01 00:00:00',
  launched year DEFAULT NULL,
  public tinyint(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (site_id),
  UNIQUE KEY uq_site_domain_path (domain, path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user (
  user_id bigint unsigned NOT NULL AUTO_INCREMENT,
  login varchar(60) NOT NULL DEFAULT '',
  pass_hash binary(60) NOT NULL,
  nicename varchar(50) NOT NULL DEFAULT '',
  email varchar(100) NOT NULL DEFAULT '',
  url varchar(100) NOT NULL DEFAULT '',
  registered datetime NOT NULL DEFAULT current_timestamp(),
  status tinyint unsigned NOT NULL DEFAULT 0,
  display_name varchar(250) NOT NULL DEFAULT '',
  PRIMARY KEY (user_id),
  UNIQUE KEY uq_user_login (login),
  KEY idx_user_nicename (nicename),
  KEY idx_user_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE usermeta (
  umeta_id bigint unsigned NOT NULL AUTO_INCREMENT,
  user_id bigint unsigned NOT NULL DEFAULT 0,
  meta_key varchar(255) DEFAULT NULL,
  meta_value longtext,
  PRIMARY KEY (umeta_id),
  KEY idx_usermeta_user (user_id),
  KEY idx_usermeta_key (meta_key(191)),
  CONSTRAINT fk_usermeta_user FOREIGN KEY (user_id) REFERENCES user (user_id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE post (
  post_id bigint unsigned NOT NULL AUTO_INCREMENT,
  site_id smallint unsigned NOT NULL,
  author_id bigint unsigned NOT NULL,
  published_at datetime(3) DEFAULT NULL,
  modified_at datetime(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
  title text NOT NULL,
  excerpt text NOT NULL,
  content longtext NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'publish',
  comment_status enum('open','closed') NOT NULL DEFAULT 'open',
  slug varchar(200) NOT NULL DEFAULT '',
  parent_id bigint unsigned DEFAULT NULL,
  menu_order int NOT NULL DEFAULT 0,
  type varchar(20) NOT NULL DEFAULT 'post',
  mime_type varchar(100) NOT NULL DEFAULT '',
  comment_count bigint NOT NULL DEFAULT 0,
  reading_time time(3) DEFAULT NULL,
  word_count int unsigned AS (char_length(content) - char_length(replace(content, ' ', '')) + 1) VIRTUAL,
  PRIMARY KEY (post_id),
  KEY idx_post_slug (slug(191)),
  KEY idx_type_status_date (type, status, published_at, post_id),
  KEY idx_post_parent (parent_id),
  KEY idx_post_author (author_id),
  FULLTEXT KEY ft_post_search (title, content),
  CONSTRAINT fk_post_site FOREIGN KEY (site_id) REFERENCES site (site_id) ON UPDATE CASCADE,
  CONSTRAINT fk_post_author FOREIGN KEY (author_id) REFERENCES user (user_id) ON UPDATE CASCADE,
  CONSTRAINT fk_post_parent FOREIGN KEY (parent_id) REFERENCES post (post_id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE post_revision (
  post_id bigint unsigned NOT NULL,
  revision smallint unsigned NOT NULL,
  saved_at datetime(3) NOT NULL DEFAULT current_timestamp(3),
  editor_id bigint unsigned DEFAULT NULL,
  content longtext NOT NULL,
  diff_size int DEFAULT NULL,
  PRIMARY KEY (post_id, revision),
  CONSTRAINT fk_revision_post FOREIGN KEY (post_id) REFERENCES post (post_id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT fk_revision_editor FOREIGN KEY (editor_id) REFERENCES user (user_id) ON DELETE SET NULL ON UPDATE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE term (
  term_id bigint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(200) NOT NULL DEFAULT '',
  slug varchar(200) NOT NULL DEFAULT '',
  taxonomy enum('category','post_tag','nav_menu') NOT NULL DEFAULT 'category',
  parent_id bigint unsigned NOT NULL DEFAULT 0,
  count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (term_id),
  UNIQUE KEY uq_term_taxonomy_slug (taxonomy, slug(150)),
  KEY idx_term_name (name(191))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE term_relationship (
  post_id bigint unsigned NOT NULL,
  term_id bigint unsigned NOT NULL,
  term_order int NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, term_id),
  KEY idx_term (term_id),
  CONSTRAINT fk_rel_post FOREIGN KEY (post_id) REFERENCES post (post_id) ON DELETE CASCADE,
  CONSTRAINT fk_rel_term FOREIGN KEY (term_id) REFERENCES term (term_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE comment (
  comment_id bigint unsigned NOT NULL AUTO_INCREMENT,
  post_id bigint unsigned NOT NULL,
  author_name tinytext NOT NULL,
  author_email varchar(100) NOT NULL DEFAULT '',
  author_ip varbinary(16) DEFAULT NULL,
  posted_at datetime NOT NULL DEFAULT current_timestamp(),
  content text NOT NULL,
  karma int NOT NULL DEFAULT 0,
  approved varchar(20) NOT NULL DEFAULT '1',
  user_agent varchar(255) NOT NULL DEFAULT '',
  parent_id bigint unsigned NOT NULL DEFAULT 0,
  user_id bigint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (comment_id),
  KEY idx_comment_post (post_id),
  KEY idx_comment_approved_date (approved, posted_at),
  KEY idx_comment_parent (parent_id),
  KEY idx_comment_email (author_email(10)),
  CONSTRAINT fk_comment_post FOREIGN KEY (post_id) REFERENCES post (post_id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE media (
  media_id bigint unsigned NOT NULL AUTO_INCREMENT,
  post_id bigint unsigned DEFAULT NULL,
  file_name varchar(255) NOT NULL,
  mime varchar(100) NOT NULL,
  bytes int unsigned NOT NULL,
  width smallint unsigned DEFAULT NULL,
  height smallint unsigned DEFAULT NULL,
  checksum binary(32) NOT NULL,
  duration time DEFAULT NULL,
  focal_x double DEFAULT NULL,
  focal_y double DEFAULT NULL,
  uploaded_at datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (media_id),
  UNIQUE KEY uq_media_checksum (checksum),
  CONSTRAINT fk_media_post FOREIGN KEY (post_id) REFERENCES post (post_id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE options (
  option_id bigint unsigned NOT NULL AUTO_INCREMENT,
  option_name varchar(191) NOT NULL DEFAULT '',
  option_value longtext NOT NULL,
  autoload varchar(20) NOT NULL DEFAULT 'yes',
  PRIMARY KEY (option_id),
  UNIQUE KEY uq_option_name (option_name),
  KEY idx_autoload (autoload)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

CREATE TABLE session (
  session_id char(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  user_id bigint unsigned DEFAULT NULL,
  payload mediumtext NOT NULL,
  expires_at int unsigned NOT NULL DEFAULT (unix_timestamp() + 1440),
  PRIMARY KEY (session_id),
  KEY idx_session_expiry (expires_at),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES user (user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE VIEW published_post AS
SELECT post_id, site_id, title, slug, published_at FROM post WHERE status = 'publish' AND type = 'post';

CREATE VIEW site_post_count AS
SELECT site_id, COUNT(*) AS posts, MAX(published_at) AS latest FROM published_post GROUP BY site_id;

DELIMITER ;;
CREATE TRIGGER comment_count_up AFTER INSERT ON comment FOR EACH ROW
BEGIN
  UPDATE post SET comment_count = comment_count + 1 WHERE post_id = NEW.post_id;
END;;
DELIMITER ;
