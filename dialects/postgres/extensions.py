"""The functions of PostgreSQL 15's contrib extensions (https://www.postgresql.org/docs/15/contrib.html), so
that a default, CHECK or index calling one (uuid_generate_v4(), similarity(), digest()) is kept where the
schema holds its extension (`Schema.extensions`) instead of being dropped as a function PostgreSQL lacks
(PG-EXPRESSION, PG-CHECK-FUNCTION, PG-INDEX-EXPRESSION).

Read from a PostgreSQL 15 server with each extension installed: the extension's members in pg_depend
(deptype 'e') that are plain functions, not type input/output or support functions (no argument or result
of type internal or cstring, not a trigger or handler), and those of them that are not IMMUTABLE (provolatile
other than 'i'), which an index expression may not call (https://www.postgresql.org/docs/15/sql-createindex.html).
An extension not listed here contributes no function names: a call to one of its functions stays a
named degradation.
"""
from __future__ import annotations

from typing import Iterable

# extension name -> (its functions, those among them that are not IMMUTABLE: an index may call the others)
EXTENSION_FUNCTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "btree_gin": (
        frozenset("""
        gin_enum_cmp gin_numeric_cmp
        """.split()),
        frozenset()),
    "btree_gist": (
        frozenset("""
        cash_dist date_dist float4_dist float8_dist int2_dist int4_dist int8_dist interval_dist
        oid_dist time_dist ts_dist tstz_dist
        """.split()),
        frozenset()),
    "citext": (
        frozenset("""
        citext citext_cmp citext_eq citext_ge citext_gt citext_hash citext_hash_extended
        citext_larger citext_le citext_lt citext_ne citext_pattern_cmp citext_pattern_ge
        citext_pattern_gt citext_pattern_le citext_pattern_lt citext_smaller citextsend regexp_match
        regexp_matches regexp_replace regexp_split_to_array regexp_split_to_table replace split_part
        strpos texticlike texticnlike texticregexeq texticregexne translate
        """.split()),
        frozenset("""
        citextsend
        """.split())),
    "cube": (
        frozenset("""
        cube cube_cmp cube_contained cube_contains cube_coord cube_coord_llur cube_dim cube_distance
        cube_enlarge cube_eq cube_ge cube_gt cube_inter cube_is_point cube_le cube_ll_coord cube_lt
        cube_ne cube_overlap cube_send cube_size cube_subset cube_union cube_ur_coord
        distance_chebyshev distance_taxicab
        """.split()),
        frozenset()),
    "earthdistance": (
        frozenset("""
        earth earth_box earth_distance gc_to_sec geo_distance latitude ll_to_earth longitude
        sec_to_gc
        """.split()),
        frozenset()),
    "fuzzystrmatch": (
        frozenset("""
        difference dmetaphone dmetaphone_alt levenshtein levenshtein_less_equal metaphone soundex
        text_soundex
        """.split()),
        frozenset()),
    "hstore": (
        frozenset("""
        akeys avals defined delete each exist exists_all exists_any fetchval hs_concat hs_contained
        hs_contains hstore hstore_cmp hstore_eq hstore_ge hstore_gt hstore_hash hstore_hash_extended
        hstore_le hstore_lt hstore_ne hstore_send hstore_to_array hstore_to_json
        hstore_to_json_loose hstore_to_jsonb hstore_to_jsonb_loose hstore_to_matrix
        hstore_version_diag isdefined isexists populate_record skeys slice slice_array svals
        tconvert
        """.split()),
        frozenset()),
    "intarray": (
        frozenset("""
        _int_contained _int_contains _int_different _int_inter _int_overlap _int_same _int_union
        boolop icount idx intarray_del_elem intarray_push_array intarray_push_elem intset
        intset_subtract intset_union_elem querytree rboolop sort sort_asc sort_desc subarray uniq
        """.split()),
        frozenset()),
    "isn": (
        frozenset("""
        btean13cmp btisbn13cmp btisbncmp btismn13cmp btismncmp btissn13cmp btissncmp btupccmp
        hashean13 hashisbn hashisbn13 hashismn hashismn13 hashissn hashissn13 hashupc is_valid isbn
        isbn13 ismn ismn13 isn_weak isneq isnge isngt isnle isnlt isnne issn issn13 make_valid upc
        """.split()),
        frozenset()),
    "lo": (
        frozenset("""
        lo_oid
        """.split()),
        frozenset()),
    "ltree": (
        frozenset("""
        _lt_q_regex _lt_q_rregex _ltq_extract_regex _ltq_regex _ltq_rregex _ltree_extract_isparent
        _ltree_extract_risparent _ltree_isparent _ltree_r_isparent _ltree_r_risparent
        _ltree_risparent _ltxtq_exec _ltxtq_extract_exec _ltxtq_rexec index lca lquery_send
        lt_q_regex lt_q_rregex ltq_regex ltq_rregex ltree2text ltree_addltree ltree_addtext
        ltree_cmp ltree_eq ltree_ge ltree_gt ltree_isparent ltree_le ltree_lt ltree_ne
        ltree_risparent ltree_send ltree_textadd ltxtq_exec ltxtq_rexec ltxtq_send nlevel subltree
        subpath text2ltree
        """.split()),
        frozenset()),
    "pg_trgm": (
        frozenset("""
        set_limit show_limit show_trgm similarity similarity_dist similarity_op
        strict_word_similarity strict_word_similarity_commutator_op
        strict_word_similarity_dist_commutator_op strict_word_similarity_dist_op
        strict_word_similarity_op word_similarity word_similarity_commutator_op
        word_similarity_dist_commutator_op word_similarity_dist_op word_similarity_op
        """.split()),
        frozenset("""
        set_limit show_limit similarity_op strict_word_similarity_commutator_op
        strict_word_similarity_op word_similarity_commutator_op word_similarity_op
        """.split())),
    "pgcrypto": (
        frozenset("""
        armor crypt dearmor decrypt decrypt_iv digest encrypt encrypt_iv gen_random_bytes
        gen_random_uuid gen_salt hmac pgp_armor_headers pgp_key_id pgp_pub_decrypt
        pgp_pub_decrypt_bytea pgp_pub_encrypt pgp_pub_encrypt_bytea pgp_sym_decrypt
        pgp_sym_decrypt_bytea pgp_sym_encrypt pgp_sym_encrypt_bytea
        """.split()),
        frozenset("""
        gen_random_bytes gen_random_uuid gen_salt pgp_pub_encrypt pgp_pub_encrypt_bytea
        pgp_sym_encrypt pgp_sym_encrypt_bytea
        """.split())),
    "seg": (
        frozenset("""
        seg_center seg_cmp seg_contained seg_contains seg_different seg_ge seg_gt seg_inter seg_le
        seg_left seg_lower seg_lt seg_over_left seg_over_right seg_overlap seg_right seg_same
        seg_size seg_union seg_upper
        """.split()),
        frozenset()),
    "tablefunc": (
        frozenset("""
        connectby crosstab crosstab2 crosstab3 crosstab4 normal_rand
        """.split()),
        frozenset("""
        connectby crosstab crosstab2 crosstab3 crosstab4 normal_rand
        """.split())),
    "unaccent": (
        frozenset("""
        unaccent
        """.split()),
        frozenset("""
        unaccent
        """.split())),
    "uuid-ossp": (
        frozenset("""
        uuid_generate_v1 uuid_generate_v1mc uuid_generate_v3 uuid_generate_v4 uuid_generate_v5
        uuid_nil uuid_ns_dns uuid_ns_oid uuid_ns_url uuid_ns_x500
        """.split()),
        frozenset("""
        uuid_generate_v1 uuid_generate_v1mc uuid_generate_v4
        """.split())),
}


def functions(extensions: Iterable, immutable: bool = False) -> frozenset[str]:
    """The names of the functions of `extensions` (schema/code.py's Extension) that are listed here, the
    IMMUTABLE ones only if `immutable`."""
    out: set[str] = set()
    for e in extensions:
        names, not_immutable = EXTENSION_FUNCTIONS.get(e.name, (frozenset(), frozenset()))
        out |= names - not_immutable if immutable else names
    return frozenset(out)
