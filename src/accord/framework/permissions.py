import rules

from accord.core.permissions import has_any_role, is_co_chair, is_secretariat

# Framework documents and formal or informal elements (method step 5).
rules.add_perm("framework.view_framework", has_any_role)
rules.add_perm("framework.change_framework", is_co_chair | is_secretariat)
