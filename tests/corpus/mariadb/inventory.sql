-- A warehouse inventory system: products, stock per location, purchase orders and a
-- stock movement ledger partitioned by year. MariaDB idioms: SET and ENUM columns,
-- tinyint(1) flags, BINARY(16) ids, the blob family, generated columns (STORED and
-- VIRTUAL), expression defaults, ON UPDATE CURRENT_TIMESTAMP, an AUTO_INCREMENT that is
-- the second column of a composite key, RANGE COLUMNS partitions with yearly bounds.

CREATE TABLE supplier (
  supplier_id mediumint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(100) NOT NULL,
  vat_number varbinary(20) DEFAULT NULL,
  rating tinyint NOT NULL DEFAULT 0,
  active tinyint(1) NOT NULL DEFAULT 1,
  since year DEFAULT NULL,
  created_at datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (supplier_id),
  UNIQUE KEY uq_supplier_name (name),
  CONSTRAINT chk_supplier_rating CHECK (rating BETWEEN -5 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE category (
  category_id smallint unsigned NOT NULL AUTO_INCREMENT,
  parent_id smallint unsigned DEFAULT NULL,
  name varchar(80) NOT NULL,
  path varchar(500) NOT NULL DEFAULT '',
  PRIMARY KEY (category_id),
  KEY idx_category_parent (parent_id),
  CONSTRAINT fk_category_parent FOREIGN KEY (parent_id) REFERENCES category (category_id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE product (
  product_id int unsigned NOT NULL AUTO_INCREMENT,
  uuid binary(16) NOT NULL DEFAULT unhex(replace(uuid(),'-','')),
  sku varchar(32) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  name varchar(200) NOT NULL,
  category_id smallint unsigned DEFAULT NULL,
  supplier_id mediumint unsigned DEFAULT NULL,
  status enum('draft','active','discontinued') NOT NULL DEFAULT 'draft',
  tags set('fragile','hazmat','perishable','oversize') NOT NULL DEFAULT '',
  weight_kg float(8,3) unsigned DEFAULT NULL,
  volume_l double DEFAULT NULL,
  list_price decimal(12,2) unsigned NOT NULL,
  cost decimal(12,4) NOT NULL DEFAULT 0.0000,
  margin decimal(12,2) AS (list_price - cost) VIRTUAL,
  search_name varchar(200) AS (lower(name)) STORED,
  thumbnail blob,
  manual longblob,
  icon tinyblob,
  is_kit tinyint(1) NOT NULL DEFAULT 0,
  created_at timestamp NOT NULL DEFAULT current_timestamp(),
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (product_id),
  UNIQUE KEY uq_product_sku (sku),
  UNIQUE KEY uq_product_uuid (uuid),
  KEY idx_product_category (category_id, status),
  KEY idx_product_search (search_name(40)),
  FULLTEXT KEY ft_product_name (name),
  CONSTRAINT fk_product_category FOREIGN KEY (category_id) REFERENCES category (category_id) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT fk_product_supplier FOREIGN KEY (supplier_id) REFERENCES supplier (supplier_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE warehouse (
  warehouse_id tinyint unsigned NOT NULL AUTO_INCREMENT,
  code char(4) NOT NULL,
  name varchar(80) NOT NULL,
  opens time NOT NULL DEFAULT '08:00:00',
  closes time NOT NULL DEFAULT '18:00:00',
  timezone varchar(40) NOT NULL DEFAULT 'UTC',
  PRIMARY KEY (warehouse_id),
  UNIQUE KEY uq_warehouse_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

CREATE TABLE bin_location (
  warehouse_id tinyint unsigned NOT NULL,
  bin_no int unsigned NOT NULL AUTO_INCREMENT,
  aisle char(2) NOT NULL,
  shelf tinyint unsigned NOT NULL,
  max_weight_kg smallint unsigned DEFAULT NULL,
  PRIMARY KEY (warehouse_id, bin_no),
  KEY idx_bin_no (bin_no),
  CONSTRAINT fk_bin_warehouse FOREIGN KEY (warehouse_id) REFERENCES warehouse (warehouse_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE stock_level (
  product_id int unsigned NOT NULL,
  warehouse_id tinyint unsigned NOT NULL,
  on_hand int NOT NULL DEFAULT 0,
  reserved int unsigned NOT NULL DEFAULT 0,
  available int AS (on_hand - reserved) VIRTUAL,
  reorder_at int unsigned DEFAULT NULL,
  counted_at datetime(3) DEFAULT NULL,
  updated_at datetime(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
  PRIMARY KEY (product_id, warehouse_id),
  KEY idx_stock_warehouse (warehouse_id),
  CONSTRAINT fk_stock_product FOREIGN KEY (product_id) REFERENCES product (product_id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT fk_stock_warehouse FOREIGN KEY (warehouse_id) REFERENCES warehouse (warehouse_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE purchase_order (
  po_id int unsigned NOT NULL AUTO_INCREMENT,
  supplier_id mediumint unsigned NOT NULL,
  warehouse_id tinyint unsigned NOT NULL,
  status enum('open','sent','partial','received','cancelled') NOT NULL DEFAULT 'open',
  ordered_on date NOT NULL DEFAULT curdate(),
  expected_on date DEFAULT (curdate() + interval 14 day),
  delivery_window time(3) DEFAULT NULL,
  notes text,
  PRIMARY KEY (po_id),
  KEY idx_po_supplier (supplier_id),
  KEY idx_po_warehouse (warehouse_id),
  CONSTRAINT fk_po_supplier FOREIGN KEY (supplier_id) REFERENCES supplier (supplier_id) ON UPDATE CASCADE,
  CONSTRAINT fk_po_warehouse FOREIGN KEY (warehouse_id) REFERENCES warehouse (warehouse_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE purchase_order_line (
  po_id int unsigned NOT NULL,
  line_no smallint unsigned NOT NULL,
  product_id int unsigned NOT NULL,
  qty int unsigned NOT NULL,
  unit_cost decimal(12,4) NOT NULL,
  line_total decimal(14,4) AS (qty * unit_cost) STORED,
  PRIMARY KEY (po_id, line_no),
  KEY idx_pol_product (product_id),
  CONSTRAINT fk_pol_po FOREIGN KEY (po_id) REFERENCES purchase_order (po_id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT fk_pol_product FOREIGN KEY (product_id) REFERENCES product (product_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE stock_move (
  move_id bigint unsigned NOT NULL AUTO_INCREMENT,
  moved_on date NOT NULL,
  product_id int unsigned NOT NULL,
  warehouse_id tinyint unsigned NOT NULL,
  qty int NOT NULL,
  reason enum('receipt','shipment','adjustment','transfer') NOT NULL,
  ref varchar(40) DEFAULT NULL,
  moved_at datetime(6) NOT NULL DEFAULT current_timestamp(6),
  PRIMARY KEY (move_id, moved_on),
  KEY idx_move_product (product_id, moved_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY RANGE COLUMNS(moved_on) (
  PARTITION p2022 VALUES LESS THAN ('2023-01-01'),
  PARTITION p2023 VALUES LESS THAN ('2024-01-01'),
  PARTITION p2024 VALUES LESS THAN ('2025-01-01'),
  PARTITION p2025 VALUES LESS THAN ('2026-01-01'),
  PARTITION pmax VALUES LESS THAN (MAXVALUE)
);

CREATE TABLE price_history (
  product_id int unsigned NOT NULL,
  valid_from datetime NOT NULL,
  list_price decimal(12,2) NOT NULL,
  changed_by varchar(60) NOT NULL DEFAULT (current_user()),
  PRIMARY KEY (product_id, valid_from),
  CONSTRAINT fk_price_product FOREIGN KEY (product_id) REFERENCES product (product_id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE VIEW low_stock AS
SELECT p.sku, p.name, s.warehouse_id, s.on_hand, s.reorder_at
  FROM stock_level s JOIN product p ON p.product_id = s.product_id
 WHERE s.reorder_at IS NOT NULL AND s.on_hand - s.reserved < s.reorder_at;

DELIMITER ;;
CREATE TRIGGER stock_move_apply AFTER INSERT ON stock_move FOR EACH ROW
BEGIN
  INSERT INTO stock_level (product_id, warehouse_id, on_hand) VALUES (NEW.product_id, NEW.warehouse_id, NEW.qty)
    ON DUPLICATE KEY UPDATE on_hand = on_hand + NEW.qty;
END;;
DELIMITER ;
