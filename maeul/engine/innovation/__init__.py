"""Community innovation plans (지역사회혁신계획) and the district evaluation with graded funding.

Pure Python: the plan rules as data (:mod:`.rules`), the 60/40 score conversion and the relative
grading into funding tiers with the written tie rule (:mod:`.grading`), and the command
``maeul evaluation grade`` (:mod:`.cli`). Money is integer won; scores are exact fractions.
"""
