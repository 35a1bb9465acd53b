import rules

from accord.core.permissions import has_any_role, is_co_chair, is_representative, is_secretariat

# Principles and non-negotiables (method step 4), and circulating any agreed text.
rules.add_perm("charters.view_charters", has_any_role)
rules.add_perm("charters.change_charters", is_co_chair | is_secretariat | is_representative)
rules.add_perm("charters.circulate", is_co_chair | is_secretariat)
# Acknowledging says "I received it": circulations go to the representatives, so they answer
# (an observer's or an evaluator's token cannot acknowledge on anyone's behalf).
rules.add_perm("charters.acknowledge", is_representative)
# An endorsement speaks for an organisation: only its representatives give it.
rules.add_perm("charters.endorse", is_representative)
