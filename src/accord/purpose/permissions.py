import rules

from accord.core.permissions import has_any_role, is_co_chair, is_representative, is_secretariat

rules.add_perm("purpose.view_purpose", has_any_role)
# Drafting a purpose version is a proposal; agreeing it is a decision of all members.
rules.add_perm("purpose.change_purpose", is_co_chair | is_secretariat | is_representative)
