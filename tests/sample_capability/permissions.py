import rules

from accord.core.permissions import has_any_role

rules.add_perm("sample_capability.view_motions", has_any_role)
