import rules

from accord.core.permissions import has_any_role, is_co_chair, is_participant, is_representative, is_secretariat

rules.add_perm("decisions.view_proposals", has_any_role)
rules.add_perm("decisions.propose", is_participant)
# Voting is for representatives; the service also checks they are their organisation's voice.
rules.add_perm("decisions.vote", is_representative)
rules.add_perm("decisions.manage_proposals", is_co_chair | is_secretariat)
