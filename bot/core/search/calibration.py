"""The fitted confidence model (blend.py): written by `python -m tests.core.search.calibrate`, not by hand.

Fitted on 496 questions of 3 podcasts: Design Details, Huberman Lab, Syntax.
"""

import numpy as np

# One weight per blend.FEATURES column (raw, unstandardized):
#   blend            +4.9328
#   words            +3.0060
#   agreeing         +5.1551
#   chapter_meaning  +5.5117
#   episode_meaning  -0.4445
#   both             -6.2276
#   conclusive       +0.4251
#   known            -0.0532
#   length           +1.0311
#   penalized        -1.8525
WEIGHTS = np.array([4.93281, 3.00596, 5.15509, 5.51168, -0.444466, -6.22755, 0.425138, -0.0532116, 1.03108, -1.85254])
BIAS = -9.50596
ANSWER_AT = 0.32  # the lowest confidence that answers (calibrate.answer_at)
