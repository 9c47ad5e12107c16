"""Answers for 05_batch_norm."""

import numpy as np

from . import valid, wrong
