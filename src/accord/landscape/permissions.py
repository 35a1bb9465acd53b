import rules

from accord.core.permissions import is_co_chair, is_insider, is_participant, is_secretariat

# Observers never see the landscape: not the register, the assessments, the ties, the maps or
# the analytics. Evaluators read it; those who run and represent the alliance also edit it.
rules.add_perm("landscape.view_stakeholders", is_insider)
rules.add_perm("landscape.change_stakeholders", is_participant)
rules.add_perm("landscape.view_assessments", is_insider)
rules.add_perm("landscape.assess", is_participant)
rules.add_perm("landscape.view_analytics", is_insider)
# Taking the map out of Accord, or pouring a file into it, is for the co-chairs and the
# secretariat, and every export is logged.
rules.add_perm("landscape.export_map", is_co_chair | is_secretariat)
rules.add_perm("landscape.import_map", is_co_chair | is_secretariat)
