-- Scheduled events (MySQL and MariaDB CREATE EVENT, https://mariadb.com/kb/en/create-event/): held as routines
-- of kind "event", compared as SHOW CREATE EVENT stores them (a STARTS the source did not give left out).

-- case: event_added
-- current
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
-- desired
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
CREATE EVENT `daily_cleanup` ON SCHEDULE EVERY 1 DAY COMMENT 'purge old data'
DO DELETE FROM records WHERE created_at < NOW() - INTERVAL 30 DAY;

-- case: event_dropped
-- current
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
CREATE EVENT cleanup ON SCHEDULE AT '2035-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE DO DELETE FROM records;
-- desired
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);

-- case: event_schedule_changed
-- current
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
CREATE EVENT cleanup ON SCHEDULE EVERY 1 DAY DO DELETE FROM records;
-- desired
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
CREATE EVENT cleanup ON SCHEDULE EVERY '1 4' DAY_HOUR STARTS '2030-01-01 00:00:00' ENDS '2031-01-01' DISABLE ON SLAVE
DO DELETE FROM records;

-- case: event_body_and_completion_changed
-- current
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
CREATE EVENT `clean``up` ON SCHEDULE EVERY 1 DAY DO DELETE FROM records;
-- desired
CREATE TABLE records (id int PRIMARY KEY, created_at datetime);
DELIMITER //
CREATE EVENT `clean``up` ON SCHEDULE EVERY 1 DAY ON COMPLETION PRESERVE DISABLE
DO BEGIN DELETE FROM records WHERE created_at < NOW() - INTERVAL 30 DAY; DELETE FROM records WHERE id < 0; END //
DELIMITER ;
