"""The fitted confidence model (blend.py): written by `python -m tests.core.search.calibrate`, not by hand.

Fitted on 496 questions of 3 podcasts: Design Details, Huberman Lab, Syntax.
"""

import numpy as np

# One weight per blend.FEATURES column (raw, unstandardized):
#   blend            +4.9431
#   words            +3.1799
#   agreeing         +4.3426
#   chapter_meaning  +5.1634
#   episode_meaning  -0.2380
#   both             -5.7149
#   conclusive       +0.4782
#   known            -0.7433
#   length           +0.6791
#   penalized        -2.1258
WEIGHTS = np.array([4.94314, 3.17992, 4.34259, 5.16339, -0.23795, -5.71492, 0.478235, -0.743293, 0.679123, -2.12582])
BIAS = -7.97672
ANSWER_AT = 0.35  # the lowest confidence that answers (calibrate.answer_at)
