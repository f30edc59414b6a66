"""The use cases that change or score goals, one module per use case: importing a file
(`imports`), check-ins, scoring, and creating and changing by hand cycles, teams,
objectives, key results, initiatives, KPIs and their measurements, comments and
retrospectives (`common` holds what they share). Every name is exported here.

Each function is transactional and checks the actor's permission itself, so the CLI, the
API and the web app behave alike. Input is validated with `okrs.core.validation`, so the
web forms, the API and the importer say the same words for the same mistake. Bad input
raises `Invalid` listing every (field, message) problem; a key the actor may not see
raises `NotFound`; a forbidden change raises `Forbidden`; deleting a row that still holds
others raises `Conflict`.
"""

from okrs.goals.services.check_ins import delete_check_in, record_check_in
from okrs.goals.services.comments import (
    COMMENT_MAX_LENGTH,
    add_comment,
    delete_comment,
    update_comment,
)
from okrs.goals.services.cycles import create_cycle, delete_cycle, set_cycle_state, update_cycle
from okrs.goals.services.imports import (
    KINDS,
    PLURALS,
    Clash,
    ImportConflict,
    ImportRefused,
    ImportReport,
    import_okr_file,
    import_plan,
)
from okrs.goals.services.initiatives import (
    InitiativeFields,
    create_initiative,
    delete_initiative,
    update_initiative,
)
from okrs.goals.services.key_results import (
    KeyResultFields,
    create_key_result,
    delete_key_result,
    update_key_result,
)
from okrs.goals.services.kpis import (
    KpiFields,
    create_kpi,
    create_measurement,
    delete_kpi,
    delete_measurement,
    update_kpi,
    update_measurement,
)
from okrs.goals.services.objectives import (
    ObjectiveFields,
    copy_objective_to_next_cycle,
    create_objective,
    delete_objective,
    update_objective,
)
from okrs.goals.services.reviews import (
    CLARITY_SCALE,
    REVIEW_TEXT_MAX_LENGTH,
    ReviewFields,
    answer_clarity_survey,
    save_objective_review,
)
from okrs.goals.services.scores import score_cycle
from okrs.goals.services.teams import create_team, update_team

__all__ = [
    "CLARITY_SCALE",
    "COMMENT_MAX_LENGTH",
    "KINDS",
    "PLURALS",
    "REVIEW_TEXT_MAX_LENGTH",
    "Clash",
    "ImportConflict",
    "ImportRefused",
    "ImportReport",
    "InitiativeFields",
    "KeyResultFields",
    "KpiFields",
    "ObjectiveFields",
    "ReviewFields",
    "add_comment",
    "answer_clarity_survey",
    "copy_objective_to_next_cycle",
    "create_cycle",
    "create_initiative",
    "create_key_result",
    "create_kpi",
    "create_measurement",
    "create_objective",
    "create_team",
    "delete_check_in",
    "delete_comment",
    "delete_cycle",
    "delete_initiative",
    "delete_key_result",
    "delete_kpi",
    "delete_measurement",
    "delete_objective",
    "import_okr_file",
    "import_plan",
    "record_check_in",
    "save_objective_review",
    "score_cycle",
    "set_cycle_state",
    "update_comment",
    "update_cycle",
    "update_initiative",
    "update_key_result",
    "update_kpi",
    "update_measurement",
    "update_objective",
    "update_team",
]
