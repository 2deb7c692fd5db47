"""scriptpal (seed 004): script writing with an AI chat assistant (MySQL origin).

MySQL spellings are mapped to the model: ``INT AUTO_INCREMENT`` is an integer
identity, inline ``ENUM(...)`` a named enum, ``TIMESTAMP DEFAULT
CURRENT_TIMESTAMP`` a timestamp defaulting to now, ``ON UPDATE
CURRENT_TIMESTAMP`` `on_update_now`, ``DATETIME`` a timestamp.

Index names: the seed's ``KEY user_id (user_id)`` names are per table in
MySQL but share one namespace in PostgreSQL, so every index is named
``idx_<table>_<columns>``.

The seed's "Backup and Recovery" section (mysqldump, mysqlbinlog) is shell, not
schema, although it sits in ```sql blocks: it is excluded.
"""
from __future__ import annotations

from schemakit import (
    INTEGER, JSON, NOW, TEXT, TIMESTAMP, AccessPattern, Action, col, decimal, Enum, enum_type, fk, index,
    lit, Schema, System, table, unique, varchar,
)

SCRIPT_STATUS = Enum("script_status", ("draft", "in_progress", "complete"))
# chat_history.type and chat_messages.role have identical values, so they share one type.
CHAT_ROLE = Enum("chat_role", ("user", "assistant"))
SCRIPT_ELEMENT_TYPE = Enum("script_element_type", (
    "section", "chapter", "act", "beat", "location", "character", "theme", "plot", "opening",
    "ending", "style", "climax", "resolution", "conflict", "tone", "genre"))


def _id():
    return col("id", INTEGER, identity=True)


def _created(null: bool = True):
    return col("created_at", TIMESTAMP, null=null, default=NOW)


def _updated():
    return col("updated_at", TIMESTAMP, default=NOW, on_update_now=True)


users = table(
    "users",
    _id(),
    col("email", varchar(100), null=False),
    _created(),
    unique("email"),
    # Seed's idx_users_email dropped: UNIQUE(email) already indexes it.
    pk="id",
    comment="Users, identified by email.",
)

scripts = table(
    "scripts",
    _id(),
    col("user_id", INTEGER, null=False),
    col("version_number", INTEGER, default=lit(1)),
    col("title", varchar(255), null=False),
    col("status", enum_type(SCRIPT_STATUS), default=lit("draft")),
    col("content", TEXT, null=False, comment="the script, as tagged text (header, action, dialog, ...)"),
    _created(), _updated(),
    fk("user_id", "users"),  # not in the seed's foreign-key list; its relationships name Users -> Scripts
    # Seed's KEY user_id and idx_scripts_user_id dropped: prefixes of idx_scripts_user_updated.
    # Seed's KEY updated_at duplicated idx_scripts_updated_at: one kept.
    index("idx_scripts_user_updated", "user_id", "updated_at"),
    index("idx_scripts_updated_at", "updated_at"),
    pk="id",
    comment="A user's scripts.",
)

chat_history = table(
    "chat_history",
    _id(),
    col("user_id", INTEGER, null=False),
    col("script_id", INTEGER),
    col("content", TEXT, null=False),
    col("type", enum_type(CHAT_ROLE), null=False, comment="who wrote the message"),
    col("timestamp", TIMESTAMP, default=NOW),
    # Not in the seed's foreign-key list (its relationships name them): added.
    fk("user_id", "users"),
    fk("script_id", "scripts", on_delete=Action.SET_NULL),
    # Not in the seed: serves "chat history of a user and script, newest first"; it makes the
    # seed's (user_id, script_id), KEY user_id and idx_chat_history_user_id indexes redundant.
    index("idx_chat_history_user_script_time", "user_id", "script_id", "timestamp DESC"),
    # Seed's KEY script_id duplicated idx_chat_history_script_id: one kept.
    index("idx_chat_history_script_id", "script_id"),
    index("idx_chat_history_timestamp", "timestamp"),
    pk="id",
    comment="Chat messages between a user and the assistant, per script.",
)

sessions = table(
    "sessions",
    _id(),
    col("user_id", INTEGER, null=False),
    col("token", varchar(64), null=False, comment="random hex session token"),
    col("expires_at", TIMESTAMP, null=False),
    _created(),
    # Seed declares this foreign key twice (inline and by ALTER TABLE): one kept.
    fk("user_id", "users"),
    # Seed's idx_token (token(32)) and idx_sessions_token are the same index: one kept.
    index("idx_sessions_token", "token(32)"),
    index("idx_sessions_expires_at", "expires_at"),
    index("idx_sessions_user_id", "user_id"),
    pk="id",
    comment="Login sessions.",
)

script_elements = table(
    "script_elements",
    _id(),
    col("script_id", INTEGER, null=False),
    col("type", enum_type(SCRIPT_ELEMENT_TYPE), null=False),
    col("subtype", varchar(100)),
    col("content", TEXT, null=False),
    _created(), _updated(),
    fk("script_id", "scripts", on_delete=Action.CASCADE),
    index("idx_script_elements_script_id", "script_id"),
    index("idx_script_elements_type", "type"),
    pk="id",
    comment="Structural elements of a script (acts, beats, characters, ...).",
)

personas = table(
    "personas",
    _id(),
    col("description", TEXT, null=False),
    col("script_id", INTEGER, null=False),
    col("user_id", INTEGER, null=False),
    _created(null=False),
    fk("script_id", "scripts", on_delete=Action.CASCADE),
    fk("user_id", "users"),
    index("idx_personas_script_id", "script_id"),
    index("idx_personas_user_id", "user_id"),
    pk="id",
    comment="Character personas of a script.",
)

chat_messages = table(
    "chat_messages",
    _id(),
    col("user_id", INTEGER, null=False),
    col("script_id", INTEGER),
    col("session_id", INTEGER),
    col("role", enum_type(CHAT_ROLE), null=False),
    col("user_prompt", TEXT, null=False),
    col("system_prompt", TEXT),
    col("assistant_response", TEXT),
    col("model", varchar(50), comment="LLM model name"),
    col("intent", varchar(50)),
    col("function_call", JSON),
    col("raw_openai_response", JSON),
    col("prompt_tokens", INTEGER, default=lit(0)),
    col("completion_tokens", INTEGER, default=lit(0)),
    col("total_tokens", INTEGER, default=lit(0)),
    col("cost_usd", decimal(10, 6), default=lit("0.0"), comment="cost of the call in USD"),
    _created(), _updated(),
    # Not in the seed's foreign-key list: added, the columns hold those ids.
    fk("user_id", "users"),
    fk("script_id", "scripts", on_delete=Action.SET_NULL),
    # SET NULL: the application deletes sessions on logout; the messages stay.
    fk("session_id", "sessions", on_delete=Action.SET_NULL),
    index("idx_chat_messages_user_id", "user_id"),
    index("idx_chat_messages_script_id", "script_id"),
    index("idx_chat_messages_session_id", "session_id"),
    index("idx_chat_messages_created_at", "created_at"),
    pk="id",
    comment="LLM calls made for a chat, with prompts, response and cost.",
)

SYSTEM = System(
    name="scriptpal",
    title="ScriptPal script assistant",
    schema=Schema((users, scripts, chat_history, sessions, script_elements, personas, chat_messages)),
    # The seed's getChatHistory, newest first (it reads oldest first: the same index, read forwards).
    access_patterns=(
        AccessPattern("chat history of a user and script, newest first", "chat_history",
                      "SELECT id, content, type, timestamp FROM chat_history "
                      "WHERE user_id = 7 AND script_id = 42 ORDER BY timestamp DESC LIMIT 50",
                      "idx_chat_history_user_script_time"),
    ),
)
