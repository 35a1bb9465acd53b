"""Who may do what with the alliance's work (docs/permissions.md lists each rule).

Whose activity it is decides who steers it (status and progress): that is a rule about one record
and lives in `accord.work.services.can_steer`; these are the role rules pages and the API declare."""

import rules

from accord.core.permissions import (
    has_any_role,
    is_co_chair,
    is_insider,
    is_participant,
    is_representative,
    is_secretariat,
)

rules.add_perm("work.view", has_any_role)
rules.add_perm("work.propose_activity", is_participant)
# Changing an activity's details: the service then says whether this person may change this one
# (its owner's people, its creator while proposed, the co-chairs and the secretariat).
rules.add_perm("work.change_activity", is_participant)
rules.add_perm("work.comment", is_insider)
rules.add_perm("work.manage_groups", is_co_chair | is_secretariat)
rules.add_perm("work.approve_activity", is_co_chair)
rules.add_perm("work.manage_settings", is_co_chair)
# Resources: a representative declares and commits for their own organisation, co-chairs
# and the secretariat for any member (accord.work.selectors_resources.may_act_for); needs are
# said by the activity's owner's people, its creator while proposed, co-chairs, the secretariat.
rules.add_perm("work.declare_resources", is_co_chair | is_secretariat | is_representative)
rules.add_perm("work.commit_resources", is_co_chair | is_secretariat | is_representative)
rules.add_perm("work.manage_needs", is_participant)
# Import and export: the file names the responsible people by email (contact details), and an
# import writes many activities at once, so both are for the co-chairs and the secretariat.
rules.add_perm("work.import_activities", is_co_chair | is_secretariat)
