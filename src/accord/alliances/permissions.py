import rules

rules.add_perm("alliances.create_alliance", rules.is_authenticated)
