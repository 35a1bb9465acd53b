import rules

from accord.core.permissions import has_any_role, is_co_chair, is_secretariat

rules.add_perm("membership.view_memberships", has_any_role)
# Inviting is the secretariat's work as much as the co-chairs'.
rules.add_perm("membership.invite", is_co_chair | is_secretariat)
# Who joins later is decided by those accountable for the alliance.
rules.add_perm("membership.decide_join_requests", is_co_chair)
rules.add_perm("membership.manage_representatives", is_co_chair | is_secretariat)
