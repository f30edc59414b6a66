"""OKRs as code: the YAML (or JSON) file format <-> plain `Plan` snapshots.

`parse_okr_file` reads a whole cycle and collects every problem with the file, line and
field it is about (`okrs.yaml:14: objectives[0].key_results[1].baseline: expected a
number, got 'sixty'`), so a user fixes a file in one pass. Keys the file uses without
defining them (a team, an alignment target, a linked key result) come back as
`Reference`s for the importer to look up in the database. `dump_yaml` and `dump_json`
write the same format back without loss; `dump_csv` and `dump_markdown` are reports of
the figures from `core.scoring`.

`load` turns text into line-aware data, `read` checks it into a plan, `write` and
`reports` go the other way, `errors` says what is wrong with a file.
"""

from okrs.core.okrfile.errors import OkrFileError, Problem, Reference
from okrs.core.okrfile.load import (
    DECIMAL_FLOAT,
    DECIMAL_INT,
    FLOAT_TAG,
    INT_TAG,
    JSON_SURROGATE_PAIR,
    MAX_ALIAS_EXPANSION,
    MAX_FILE_BYTES,
    MEGABYTE,
    UNUSED_YAML_TAGS,
)
from okrs.core.okrfile.read import (
    CHECK_IN_FIELDS,
    COACH_FIELDS,
    CYCLE_FIELDS,
    FIELD_HINTS,
    INITIATIVE_FIELDS,
    INLINE_INITIATIVE_FIELDS,
    KEY_RESULT_FIELDS,
    LINK_FIELDS,
    OBJECTIVE_FIELDS,
    TEAM_FIELDS,
    TOP_FIELDS,
    Check,
    ParsedFile,
    check_in_key,
    parse_okr_file,
    unresolved,
)
from okrs.core.okrfile.reports import (
    CSV_COLUMNS,
    FIGURE_COLUMNS,
    MARKDOWN_SPECIAL,
    SPREADSHEET_FORMULA_START,
    dump_csv,
    dump_markdown,
)
from okrs.core.okrfile.write import (
    DUMP_WIDTH,
    JSON_UNSAFE_FOR_YAML,
    dump_json,
    dump_yaml,
    plan_document,
)

__all__ = [
    "CHECK_IN_FIELDS",
    "COACH_FIELDS",
    "CSV_COLUMNS",
    "CYCLE_FIELDS",
    "DECIMAL_FLOAT",
    "DECIMAL_INT",
    "DUMP_WIDTH",
    "FIELD_HINTS",
    "FIGURE_COLUMNS",
    "FLOAT_TAG",
    "INITIATIVE_FIELDS",
    "INLINE_INITIATIVE_FIELDS",
    "INT_TAG",
    "JSON_SURROGATE_PAIR",
    "JSON_UNSAFE_FOR_YAML",
    "KEY_RESULT_FIELDS",
    "LINK_FIELDS",
    "MARKDOWN_SPECIAL",
    "MAX_ALIAS_EXPANSION",
    "MAX_FILE_BYTES",
    "MEGABYTE",
    "OBJECTIVE_FIELDS",
    "SPREADSHEET_FORMULA_START",
    "TEAM_FIELDS",
    "TOP_FIELDS",
    "UNUSED_YAML_TAGS",
    "Check",
    "OkrFileError",
    "ParsedFile",
    "Problem",
    "Reference",
    "check_in_key",
    "dump_csv",
    "dump_json",
    "dump_markdown",
    "dump_yaml",
    "parse_okr_file",
    "plan_document",
    "unresolved",
]
