-- Reduced from MediaWiki's maintenance/tables-generated.sql (github.com/wikimedia/mediawiki),
-- generated from tables.json, with the installer's /*$wgDBTableOptions*/ as MediaWiki's default
-- (ENGINE=InnoDB, DEFAULT CHARSET=binary). It exercises binary strings everywhere: VARBINARY and
-- BINARY(n) columns with DEFAULT '' (a NOT NULL title that is empty until set, MariaDB reporting it
-- as unhex('') once schemakit writes it), a BINARY(14) timestamp default, TINYBLOB/MEDIUMBLOB,
-- prefix indexes on BLOBs, unsigned keys, a table without a primary key, and a duplicate index.
CREATE TABLE /*_*/actor (
  actor_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL,
  actor_user INT UNSIGNED DEFAULT NULL,
  actor_name VARBINARY(255) NOT NULL,
  UNIQUE INDEX actor_user (actor_user),
  UNIQUE INDEX actor_name (actor_name),
  PRIMARY KEY(actor_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/bot_passwords (
  bp_user INT UNSIGNED NOT NULL,
  bp_app_id VARBINARY(32) NOT NULL,
  bp_password TINYBLOB NOT NULL,
  bp_token BINARY(32) DEFAULT '' NOT NULL,
  bp_grants BLOB NOT NULL,
  PRIMARY KEY(bp_user, bp_app_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/l10n_cache (
  lc_lang VARBINARY(35) NOT NULL,
  lc_key VARCHAR(255) NOT NULL,
  lc_value MEDIUMBLOB NOT NULL,
  PRIMARY KEY(lc_lang, lc_key)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/change_tag_def (
  ctd_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  ctd_name VARBINARY(255) NOT NULL,
  ctd_user_defined TINYINT(1) NOT NULL,
  ctd_count BIGINT UNSIGNED DEFAULT 0 NOT NULL,
  UNIQUE INDEX ctd_name (ctd_name),
  INDEX ctd_count (ctd_count),
  PRIMARY KEY(ctd_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/querycache (
  qc_type VARBINARY(32) NOT NULL,
  qc_value INT UNSIGNED DEFAULT 0 NOT NULL,
  qc_namespace INT DEFAULT 0 NOT NULL,
  qc_title VARBINARY(255) DEFAULT '' NOT NULL,
  INDEX qc_type (qc_type, qc_value)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/querycache_info (
  qci_type VARBINARY(32) DEFAULT '' NOT NULL,
  qci_timestamp BINARY(14) DEFAULT '19700101000000' NOT NULL,
  PRIMARY KEY(qci_type)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/watchlist (
  wl_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  wl_user INT UNSIGNED NOT NULL,
  wl_namespace INT DEFAULT 0 NOT NULL,
  wl_title VARBINARY(255) DEFAULT '' NOT NULL,
  wl_notificationtimestamp BINARY(14) DEFAULT NULL,
  UNIQUE INDEX wl_user (wl_user, wl_namespace, wl_title),
  INDEX namespace_title (wl_namespace, wl_title),
  PRIMARY KEY(wl_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/user_newtalk (
  user_id INT UNSIGNED DEFAULT 0 NOT NULL,
  user_ip VARBINARY(40) DEFAULT '' NOT NULL,
  INDEX un_user_id (user_id),
  INDEX un_user_ip (user_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE /*_*/externallinks (
  el_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  el_from INT UNSIGNED DEFAULT 0 NOT NULL,
  el_to BLOB NOT NULL,
  el_index_60 VARBINARY(60) NOT NULL,
  INDEX el_from (el_from, el_to(40)),
  INDEX el_to (el_to(60), el_from),
  INDEX el_index_60 (el_index_60, el_id),
  PRIMARY KEY(el_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
