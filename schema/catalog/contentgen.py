"""contentgen (seed 003): the multi-schema content generator.

Shared resources (projects, object models, prompts, usage, clients) live in
the default namespace; each project gets its own namespace ``project_<id>``
holding contents, metadata, vocabulary and prompt components.
"""
from __future__ import annotations

from schemakit import (
    DATE, GEN_UUID, INTEGER, JSONB, NOW, TEXT, TIMESTAMP, UUID, AccessPattern, col, decimal, fk, index, lit,
    Schema, System, table, Tenancy, varchar,
)


def _id():
    return col("id", UUID, default=GEN_UUID)


def _created():
    return col("created_at", TIMESTAMP, null=False, default=NOW)


def _updated():
    return col("updated_at", TIMESTAMP, null=False, default=NOW, on_update_now=True)


# -- the shared (public) namespace -----------------------------------------------------

clients = table(
    "clients",
    _id(),
    col("name", varchar(255), null=False),
    col("contact_email", varchar(255)),
    col("api_key", varchar(255)),
    _created(),
    pk="id",
    comment="Clients, for billing and organisation.",
)

projects = table(
    "projects",
    _id(),
    col("name", varchar(255), null=False),
    col("client_id", UUID, null=False),
    _created(), _updated(),
    col("status", varchar(50), null=False, default=lit("active")),
    col("settings", JSONB),
    # Seed: client_id had no foreign key although clients exists.
    fk("client_id", "clients"),
    index("idx_projects_client_id", "client_id"),
    pk="id",
    comment="Projects; project N's own tables live in namespace project_N.",
)

object_models = table(
    "object_models",
    _id(),
    col("name", varchar(255), null=False),
    col("version", varchar(50), null=False),
    col("structure", JSONB, null=False),
    col("description", TEXT),
    _created(),
    pk="id",
    comment="Reusable content-generation models.",
)

prompts = table(
    "prompts",
    _id(),
    col("name", varchar(255), null=False),
    col("template", TEXT, null=False),
    col("parameters", JSONB),
    col("object_model_id", UUID),
    _created(), _updated(),
    fk("object_model_id", "object_models"),
    index("idx_prompts_object_model_id", "object_model_id"),
    pk="id",
    comment="Reusable prompt templates.",
)

llm_usage = table(
    "llm_usage",
    _id(),
    col("project_id", UUID),
    col("prompt_id", UUID),
    col("tokens_in", INTEGER, null=False),
    col("tokens_out", INTEGER, null=False),
    col("model", varchar(100), null=False),
    col("cost", decimal(10, 6), null=False, comment="in USD"),
    _created(),
    # Not in the seed: the billing day, so per-day billing queries use idx_llm_usage_project_day.
    col("usage_date", DATE, null=False, default=NOW, comment="billing day (server date at insert)"),
    fk("project_id", "projects"),
    fk("prompt_id", "prompts"),
    index("idx_llm_usage_project_day", "project_id", "usage_date"),
    index("idx_llm_usage_prompt_id", "prompt_id"),
    pk="id",
    comment="One LLM API call, for usage tracking and billing.",
)

# -- per-project namespace: project_<id> -----------------------------------------------
# References into the shared namespace are plain columns, as in the seed: SQLite cannot
# enforce a foreign key across attached databases (https://www.sqlite.org/foreignkeys.html).

contents = table(
    "contents",
    _id(),
    col("title", varchar(255)),
    col("body", TEXT, null=False),
    col("object_model_id", UUID, null=False, comment="references public object_models.id (not enforced)"),
    col("metadata", JSONB),
    _created(), _updated(),
    pk="id",
    comment="Content generated for this project.",
)

metadata = table(
    "metadata",
    col("key", varchar(255)),
    col("value", JSONB, null=False),
    col("description", TEXT),
    _updated(),
    pk="key",
    comment="Project-specific settings, by key.",
)

vocabulary = table(
    "vocabulary",
    _id(),
    col("term", varchar(255), null=False),
    col("definition", TEXT, null=False),
    col("category", varchar(100)),
    _created(),
    pk="id",
    comment="Project-specific terminology.",
)

prompt_components = table(
    "prompt_components",
    _id(),
    col("name", varchar(255), null=False),
    col("content", TEXT, null=False),
    col("base_prompt_id", UUID, comment="references public prompts.id (not enforced)"),
    _created(), _updated(),
    pk="id",
    comment="Project adaptations of shared prompt templates.",
)

SYSTEM = System(
    name="contentgen",
    title="Content generator (shared plus per-project namespaces)",
    schema=Schema((clients, projects, object_models, prompts, llm_usage)),
    # The tenant ids are the projects' ids (seed 003 reads public.projects); tenant 1 is the one `ddl` shows,
    # and the one schemakit's first migrations created in the shared stream (adopted as a tenant since).
    tenancy=Tenancy(prefix="project_", tables=(contents, metadata, vocabulary, prompt_components),
                    source=("projects", "id")),
    default_tenants=(1,),
    notes=("Tenant tables reference shared ones by plain columns (no cross-namespace foreign keys).",),
    access_patterns=(
        AccessPattern("usage of a project in a month", "llm_usage",
                      "SELECT SUM(cost), SUM(tokens_in), SUM(tokens_out) FROM llm_usage "
                      "WHERE project_id = '00000000-0000-4000-8000-000000000007' "
                      "AND usage_date >= '2026-11-01' AND usage_date < '2026-12-01'",
                      "idx_llm_usage_project_day"),
    ),
)
