import rules

from accord.core.permissions import has_any_role

rules.add_perm("membership.view_memberships", has_any_role)
