"""CREATE EVENT as written by hand (tests/test_events.py): each is created on MariaDB, read back as inspect
reads it, and must equal `dialects.mysql.events.stored_form` of the text written (None: left as written,
the second field says why)."""

SPELLINGS = [
    # (event name, CREATE EVENT as written, None or why stored_form leaves it as written)
    ("plain_every", "CREATE EVENT plain_every ON SCHEDULE EVERY 1 DAY DO DELETE FROM r;", None),
    ("lower_case", "create event lower_case on schedule every 90 minute comment 'a''b\\\\c' do delete from r", None),
    ("with_definer", "CREATE DEFINER=CURRENT_USER EVENT IF NOT EXISTS `with_definer` ON SCHEDULE EVERY 2 HOUR "
                     "ON COMPLETION PRESERVE DO DELETE FROM r", None),
    ("starts_short", "CREATE EVENT starts_short ON SCHEDULE EVERY '1 4' day_hour STARTS '2030-1-1 5:00' "
                     "ENDS '2031-01-01' DISABLE ON SLAVE COMMENT 'it\\'s' DO DELETE FROM r WHERE id < 0", None),
    ("at_literal", "CREATE EVENT at_literal ON SCHEDULE AT '2035-01-01' ON COMPLETION PRESERVE DISABLE "
                   "DO DELETE FROM r", None),
    ("odd`name", "CREATE EVENT `odd``name` ON SCHEDULE EVERY 3 WEEK ENABLE COMMENT '' DO\n  DELETE FROM r;", None),
    ("compound", "CREATE EVENT compound ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM r; DELETE FROM r WHERE id = 1; "
                 "END", None),
    ("at_expression", "CREATE EVENT at_expression ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 YEAR DO DELETE FROM r",
     "a time that is an expression is evaluated once, when the server creates the event"),
]
