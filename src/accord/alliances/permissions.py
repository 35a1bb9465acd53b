import rules

from accord.core.permissions import has_any_role, is_co_chair, is_representative, is_secretariat

rules.add_perm("alliances.view_purpose", has_any_role)
# Drafting a purpose version is a proposal; agreeing it is a decision of all members.
rules.add_perm("alliances.change_purpose", is_co_chair | is_secretariat | is_representative)
rules.add_perm("alliances.create_alliance", rules.is_authenticated)

# Principles, non-negotiables and framework documents (method steps 4 and 5).
rules.add_perm("alliances.view_charters", has_any_role)
rules.add_perm("alliances.change_charters", is_co_chair | is_secretariat | is_representative)
rules.add_perm("alliances.circulate", is_co_chair | is_secretariat)
rules.add_perm("alliances.acknowledge", has_any_role)
# An endorsement speaks for an organisation: only its representatives give it.
rules.add_perm("alliances.endorse", is_representative)
rules.add_perm("alliances.view_framework", has_any_role)
rules.add_perm("alliances.change_framework", is_co_chair | is_secretariat)
