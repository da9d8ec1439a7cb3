"""The fitted confidence model (blend.py): written by `python -m tests.core.search.calibrate`, not by hand.

Fitted on 536 questions of 3 podcasts: Design Details, Huberman Lab, Syntax.
"""

import numpy as np

# One weight per blend.FEATURES column (raw, unstandardized):
#   blend            +4.6505
#   words            +3.0488
#   agreeing         +4.6380
#   chapter_meaning  +5.0116
#   episode_meaning  -0.3048
#   both             -5.5973
#   conclusive       +0.5128
#   unknown          +3.9945
#   length           +1.2107
#   penalized        -2.2936
WEIGHTS = np.array([4.65051, 3.04885, 4.63805, 5.01161, -0.304793, -5.59726, 0.512843, 3.99452, 1.21068, -2.29358])
BIAS = -9.28537
ANSWER_AT = 0.34  # the lowest confidence that answers (calibrate.answer_at)
